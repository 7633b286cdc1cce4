using DataProtection.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace DataProtection.Core.Identity;

/// <summary>UI preferences remembered per user. Not audited: they change nothing but the user's own view.</summary>
public sealed class PreferenceService(IDbContextFactory<AppDbContext> dbFactory)
{
    public async Task<bool> GetDarkModeAsync(string userName, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.UserPreferences.AsNoTracking().Where(p => p.UserName == userName).Select(p => p.DarkMode).FirstOrDefaultAsync(cancellationToken);
    }

    public async Task SetDarkModeAsync(string userName, bool darkMode, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var preference = await db.UserPreferences.FirstOrDefaultAsync(p => p.UserName == userName, cancellationToken);
        if (preference is null)
        {
            db.UserPreferences.Add(new UserPreference { UserName = userName, DarkMode = darkMode });
        }
        else
        {
            preference.DarkMode = darkMode;
        }
        await db.SaveChangesAsync(cancellationToken);
    }
}
