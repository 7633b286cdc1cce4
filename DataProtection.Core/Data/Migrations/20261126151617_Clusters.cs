using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataProtection.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Clusters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Clusters",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Server = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    ProtectedKubeconfig = table.Column<string>(type: "TEXT", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Reachable = table.Column<bool>(type: "INTEGER", nullable: true),
                    KubernetesVersion = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    NamespaceCount = table.Column<int>(type: "INTEGER", nullable: true),
                    VeleroCrdsPresent = table.Column<bool>(type: "INTEGER", nullable: true),
                    VeleroDeploymentPresent = table.Column<bool>(type: "INTEGER", nullable: true),
                    VeleroVersion = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    LastContactUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastCheckedUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Clusters", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Clusters_Name",
                table: "Clusters",
                column: "Name",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Clusters");
        }
    }
}
