using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DataProtection.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class RestoreSync : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "AwaitBackupPath",
                table: "Submissions",
                type: "TEXT",
                maxLength: 512,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "AwaitDeadlineUtc",
                table: "Submissions",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AwaitLocation",
                table: "Submissions",
                type: "TEXT",
                maxLength: 253,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "AwaitBackupPath",
                table: "Submissions");

            migrationBuilder.DropColumn(
                name: "AwaitDeadlineUtc",
                table: "Submissions");

            migrationBuilder.DropColumn(
                name: "AwaitLocation",
                table: "Submissions");
        }
    }
}
