using System.Globalization;

namespace SmartRegion.Api.Domain;

/// <summary>What two strategy versions are compared by.</summary>
public sealed record StrategyDocument(
    string Vision,
    string? Leitbild,
    IReadOnlyList<StrategyValue> Values,
    IReadOnlyList<StrategyGoal> Goals,
    IReadOnlyList<SnapshotFieldOfAction> FieldsOfAction,
    IReadOnlyList<SnapshotProject> Projects);

/// <summary>One field that differs: its JSON name and its value before and after, as text (numbers invariant, enums in snake_case).</summary>
public sealed record FieldChange(string Field, string? From, string? To);

/// <summary>An item that only one of the versions has.</summary>
/// <param name="Name">The item's name (a goal's title, a project's code and title).</param>
public sealed record DiffItem(Guid Id, string Name);

/// <summary>An item both versions have (same id) that differs, field by field.</summary>
public sealed record DiffChange(Guid Id, string Name, IReadOnlyList<FieldChange> Fields);

/// <summary>The items of one kind that were added, removed and changed from the first version to the second.</summary>
public sealed record DiffSection(IReadOnlyList<DiffItem> Added, IReadOnlyList<DiffItem> Removed, IReadOnlyList<DiffChange> Changed);

/// <summary>Compares two strategy versions item by item, by the items' stable ids.</summary>
public static class StrategyDiff
{
    public static (IReadOnlyList<FieldChange> Text, DiffSection Values, DiffSection Goals, DiffSection Indicators, DiffSection Fields, DiffSection Projects)
        Compare(StrategyDocument from, StrategyDocument to)
    {
        var text = Fields(("vision", from.Vision, to.Vision), ("leitbild", from.Leitbild, to.Leitbild));
        var values = Section(from.Values, to.Values, v => v.Id, v => v.Name, (a, b) => Fields(("name", a.Name, b.Name), ("description", a.Description, b.Description)));
        var goals = Section(from.Goals, to.Goals, g => g.Id, g => g.Title, (a, b) => Fields(("title", a.Title, b.Title), ("description", a.Description, b.Description)));
        var indicators = Section(
            Indicators(from.Goals), Indicators(to.Goals), i => i.Indicator.Id, i => i.Indicator.Name,
            (a, b) => Fields(
                ("goalId", a.GoalId.ToString("D"), b.GoalId.ToString("D")),
                ("name", a.Indicator.Name, b.Indicator.Name),
                ("unit", a.Indicator.Unit, b.Indicator.Unit),
                ("baseline", Number(a.Indicator.Baseline), Number(b.Indicator.Baseline)),
                ("target", Number(a.Indicator.Target), Number(b.Indicator.Target)),
                ("targetYear", a.Indicator.TargetYear.ToString(CultureInfo.InvariantCulture), b.Indicator.TargetYear.ToString(CultureInfo.InvariantCulture))));
        var fields = Section(from.FieldsOfAction, to.FieldsOfAction, f => f.Id, f => f.Name,
            (a, b) => Fields(("name", a.Name, b.Name), ("position", a.Position.ToString(CultureInfo.InvariantCulture), b.Position.ToString(CultureInfo.InvariantCulture))));
        var projects = Section(from.Projects, to.Projects, p => p.Id, p => $"{p.Code} {p.Title}",
            (a, b) => Fields(
                ("code", a.Code, b.Code),
                ("title", a.Title, b.Title),
                ("category", EnumText.ToText(a.Category), EnumText.ToText(b.Category)),
                ("status", EnumText.ToText(a.Status), EnumText.ToText(b.Status)),
                ("fieldOfActionId", a.FieldOfActionId.ToString("D"), b.FieldOfActionId.ToString("D"))));
        return (text, values, goals, indicators, fields, projects);
    }

    private sealed record PlacedIndicator(Guid GoalId, StrategyIndicator Indicator);

    private static List<PlacedIndicator> Indicators(IEnumerable<StrategyGoal> goals) =>
        goals.SelectMany(goal => goal.Indicators.Select(indicator => new PlacedIndicator(goal.Id, indicator))).ToList();

    /// <summary>Decimal text without trailing zeros, so 12.50 and 12.5 are the same value.</summary>
    private static string Number(decimal value) => value.ToString("G29", CultureInfo.InvariantCulture);

    private static List<FieldChange> Fields(params (string Field, string? From, string? To)[] pairs) =>
        pairs.Where(pair => !string.Equals(pair.From, pair.To, StringComparison.Ordinal)).Select(pair => new FieldChange(pair.Field, pair.From, pair.To)).ToList();

    /// <summary>Added and removed in the order of the version that has them; changed in the order of the second version.</summary>
    private static DiffSection Section<T>(IReadOnlyList<T> from, IReadOnlyList<T> to, Func<T, Guid> id, Func<T, string> name, Func<T, T, List<FieldChange>> compare)
    {
        var before = from.ToDictionary(id);
        var after = to.ToDictionary(id);
        var added = to.Where(item => !before.ContainsKey(id(item))).Select(item => new DiffItem(id(item), name(item))).ToList();
        var removed = from.Where(item => !after.ContainsKey(id(item))).Select(item => new DiffItem(id(item), name(item))).ToList();
        var changed = to.Where(item => before.ContainsKey(id(item)))
            .Select(item => new DiffChange(id(item), name(item), compare(before[id(item)], item)))
            .Where(change => change.Fields.Count > 0)
            .ToList();
        return new DiffSection(added, removed, changed);
    }
}
