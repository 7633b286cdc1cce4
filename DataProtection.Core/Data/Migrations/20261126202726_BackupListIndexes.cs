using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataProtection.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class BackupListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "IX_BackupRecords_ClusterName_DeletedUtc_CreatedUtc",
                table: "BackupRecords",
                columns: new[] { "ClusterName", "DeletedUtc", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_BackupRecords_DeletedUtc_CreatedUtc",
                table: "BackupRecords",
                columns: new[] { "DeletedUtc", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_BackupRecords_Phase_DeletedUtc_CreatedUtc",
                table: "BackupRecords",
                columns: new[] { "Phase", "DeletedUtc", "CreatedUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_BackupRecords_Schedule_DeletedUtc_CreatedUtc",
                table: "BackupRecords",
                columns: new[] { "Schedule", "DeletedUtc", "CreatedUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_BackupRecords_ClusterName_DeletedUtc_CreatedUtc",
                table: "BackupRecords");

            migrationBuilder.DropIndex(
                name: "IX_BackupRecords_DeletedUtc_CreatedUtc",
                table: "BackupRecords");

            migrationBuilder.DropIndex(
                name: "IX_BackupRecords_Phase_DeletedUtc_CreatedUtc",
                table: "BackupRecords");

            migrationBuilder.DropIndex(
                name: "IX_BackupRecords_Schedule_DeletedUtc_CreatedUtc",
                table: "BackupRecords");
        }
    }
}
