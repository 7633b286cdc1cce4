using Microsoft.Extensions.DependencyInjection;

namespace DataProtection.Core.Inventory;

internal static class InventoryServiceCollectionExtensions
{
    public static IServiceCollection AddInventory(this IServiceCollection services) => services.AddSingleton<InventoryService>();
}
