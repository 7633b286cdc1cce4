namespace DataProtection.Core.Common;

public sealed record PagedResult<T>(IReadOnlyList<T> Items, int TotalCount, int Page, int PageSize);

public sealed record PageRequest(int Page = 0, int PageSize = 50)
{
    public const int MaxPageSize = 500;

    public int Skip => Math.Max(Page, 0) * Take;

    public int Take => Math.Clamp(PageSize, 1, MaxPageSize);
}
