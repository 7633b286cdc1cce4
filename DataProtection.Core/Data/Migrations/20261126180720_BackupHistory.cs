using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataProtection.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class BackupHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "BackupRecords",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ClusterId = table.Column<int>(type: "INTEGER", nullable: false),
                    ClusterName = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Namespace = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 253, nullable: false),
                    Uid = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Phase = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    QueuePosition = table.Column<int>(type: "INTEGER", nullable: true),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    StorageLocation = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    Schedule = table.Column<string>(type: "TEXT", maxLength: 253, nullable: true),
                    RequestedBy = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    StartedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    CompletedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ExpiresUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    ItemsBackedUp = table.Column<int>(type: "INTEGER", nullable: true),
                    TotalItems = table.Column<int>(type: "INTEGER", nullable: true),
                    Warnings = table.Column<int>(type: "INTEGER", nullable: false),
                    Errors = table.Column<int>(type: "INTEGER", nullable: false),
                    FailureReason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    SizeBytes = table.Column<long>(type: "INTEGER", nullable: true),
                    ResourceVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    LastSeenUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DeletedUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BackupRecords", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BackupRecords_ClusterId_Name",
                table: "BackupRecords",
                columns: new[] { "ClusterId", "Name" });

            migrationBuilder.CreateIndex(
                name: "IX_BackupRecords_ClusterId_Uid",
                table: "BackupRecords",
                columns: new[] { "ClusterId", "Uid" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_BackupRecords_CreatedUtc",
                table: "BackupRecords",
                column: "CreatedUtc");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BackupRecords");
        }
    }
}
