using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataProtection.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class StorageLocations : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ManagedStorageAccounts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Endpoint = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Bucket = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    ForcePathStyle = table.Column<bool>(type: "INTEGER", nullable: false),
                    CaBundle = table.Column<string>(type: "TEXT", nullable: true),
                    InsecureSkipTlsVerify = table.Column<bool>(type: "INTEGER", nullable: false),
                    ProtectedAccessKey = table.Column<string>(type: "TEXT", nullable: false),
                    ProtectedSecretKey = table.Column<string>(type: "TEXT", nullable: false),
                    Encryption = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    KmsKeyId = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: true),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ManagedStorageAccounts", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "StorageLocations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Endpoint = table.Column<string>(type: "TEXT", maxLength: 2048, nullable: false),
                    Region = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Bucket = table.Column<string>(type: "TEXT", maxLength: 63, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 512, nullable: false),
                    ForcePathStyle = table.Column<bool>(type: "INTEGER", nullable: false),
                    CaBundle = table.Column<string>(type: "TEXT", nullable: true),
                    InsecureSkipTlsVerify = table.Column<bool>(type: "INTEGER", nullable: false),
                    ProtectedAccessKey = table.Column<string>(type: "TEXT", nullable: true),
                    ProtectedSecretKey = table.Column<string>(type: "TEXT", nullable: true),
                    OwnerClusterId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    UpdatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StorageLocations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StorageLocations_Clusters_OwnerClusterId",
                        column: x => x.OwnerClusterId,
                        principalTable: "Clusters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StorageAssignments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StorageLocationId = table.Column<int>(type: "INTEGER", nullable: false),
                    ClusterId = table.Column<int>(type: "INTEGER", nullable: false),
                    AccessMode = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    IsDefault = table.Column<bool>(type: "INTEGER", nullable: false),
                    Forced = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StorageAssignments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StorageAssignments_Clusters_ClusterId",
                        column: x => x.ClusterId,
                        principalTable: "Clusters",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_StorageAssignments_StorageLocations_StorageLocationId",
                        column: x => x.StorageLocationId,
                        principalTable: "StorageLocations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "StorageUsageSamples",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    StorageLocationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Bytes = table.Column<long>(type: "INTEGER", nullable: false),
                    Objects = table.Column<long>(type: "INTEGER", nullable: false),
                    TimeUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_StorageUsageSamples", x => x.Id);
                    table.ForeignKey(
                        name: "FK_StorageUsageSamples_StorageLocations_StorageLocationId",
                        column: x => x.StorageLocationId,
                        principalTable: "StorageLocations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_StorageAssignments_ClusterId",
                table: "StorageAssignments",
                column: "ClusterId");

            migrationBuilder.CreateIndex(
                name: "IX_StorageAssignments_StorageLocationId_ClusterId",
                table: "StorageAssignments",
                columns: new[] { "StorageLocationId", "ClusterId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StorageLocations_Name",
                table: "StorageLocations",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_StorageLocations_OwnerClusterId",
                table: "StorageLocations",
                column: "OwnerClusterId");

            migrationBuilder.CreateIndex(
                name: "IX_StorageUsageSamples_StorageLocationId_TimeUtc",
                table: "StorageUsageSamples",
                columns: new[] { "StorageLocationId", "TimeUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ManagedStorageAccounts");

            migrationBuilder.DropTable(
                name: "StorageAssignments");

            migrationBuilder.DropTable(
                name: "StorageUsageSamples");

            migrationBuilder.DropTable(
                name: "StorageLocations");
        }
    }
}
