using MudBlazor;

namespace DataProtection.Web.Components.Layout;

internal static class AppTheme
{
    // System fonts first: air-gapped installs cannot fetch web fonts.
    private static readonly string[] Fonts = ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica", "Arial", "sans-serif"];

    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight { Primary = "#1d5fa7", Secondary = "#0f8a7e", AppbarBackground = "#153e6b" },
        PaletteDark = new PaletteDark { Primary = "#6aa8ec", Secondary = "#3cc1b3", AppbarBackground = "#10243b" },
        Typography = new Typography { Default = new DefaultTypography { FontFamily = Fonts } },
    };
}
