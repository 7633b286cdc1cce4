using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataProtection.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class BackupIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BackupIndexes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClusterId = table.Column<int>(type: "INTEGER", nullable: false),
                    BackupName = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    BackupUid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ItemCount = table.Column<int>(type: "INTEGER", nullable: false),
                    IndexedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BackupIndexes", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "BackupIndexItems",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    BackupIndexId = table.Column<long>(type: "INTEGER", nullable: false),
                    Resource = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    ApiVersion = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Namespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Labels = table.Column<string>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BackupIndexItems", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BackupIndexItems_BackupIndexes_BackupIndexId",
                        column: x => x.BackupIndexId,
                        principalTable: "BackupIndexes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BackupIndexes_ClusterId_BackupUid",
                table: "BackupIndexes",
                columns: new[] { "ClusterId", "BackupUid" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BackupIndexItems_BackupIndexId_Namespace_Kind_Name",
                table: "BackupIndexItems",
                columns: new[] { "BackupIndexId", "Namespace", "Kind", "Name" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BackupIndexItems");

            migrationBuilder.DropTable(
                name: "BackupIndexes");
        }
    }
}
