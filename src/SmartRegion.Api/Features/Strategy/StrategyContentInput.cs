using System.ComponentModel.DataAnnotations;
using FastEndpoints;
using FluentValidation;
using FluentValidation.Results;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>A value (Grundwert) as sent.</summary>
public sealed record StrategyValueInput : IHasExample<StrategyValueInput>
{
    /// <summary>Keep the id of a value the version already has (it identifies the value across versions); omit it for a new one.</summary>
    public Guid? Id { get; set; }

    /// <summary>Required, at most 200 characters.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>At most 2000 characters.</summary>
    public string? Description { get; set; }

    public static StrategyValueInput Example => new() { Name = "Gemeinwohl", Description = "Beispiel: Digitale Angebote nützen allen Bürgerinnen und Bürgern." };
}

/// <summary>An indicator of a goal as sent.</summary>
public sealed record StrategyIndicatorInput : IHasExample<StrategyIndicatorInput>
{
    /// <summary>Keep the id of an indicator the version already has (its measurements are recorded against it); omit it for a new one.</summary>
    public Guid? Id { get; set; }

    /// <summary>Required, at most 200 characters.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The unit, e.g. <c>%</c> or <c>Anzahl</c>; required, at most 50 characters.</summary>
    public string Unit { get; set; } = string.Empty;

    /// <summary>The value when the goal was set.</summary>
    [Measure]
    public decimal? Baseline { get; set; }

    /// <summary>The value to reach; must differ from the baseline (lower for a reduction).</summary>
    [Measure]
    public decimal? Target { get; set; }

    /// <summary>The year by which the target is to be reached, 2000–2100.</summary>
    public int? TargetYear { get; set; }

    public static StrategyIndicatorInput Example => new() { Name = "Beispiel: Haushalte mit Glasfaseranschluss", Unit = "%", Baseline = 35m, Target = 90m, TargetYear = 2030 };
}

/// <summary>A goal (Ziel) as sent.</summary>
public sealed record StrategyGoalInput : IHasExample<StrategyGoalInput>
{
    /// <summary>Keep the id of a goal the version already has (it identifies the goal across versions); omit it for a new one.</summary>
    public Guid? Id { get; set; }

    /// <summary>Required, at most 300 characters.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>At most 4000 characters.</summary>
    public string? Description { get; set; }

    /// <summary>At most 200.</summary>
    [MaxLength(ListLimits.MaxItems)]
    public List<StrategyIndicatorInput>? Indicators { get; set; }

    public static StrategyGoalInput Example => new() { Title = "Beispiel: Flächendeckendes Glasfasernetz", Indicators = [StrategyIndicatorInput.Example] };
}

/// <summary>The editable fields of a strategy version, shared by create and update.</summary>
public interface IStrategyContentFields
{
    string Label { get; }

    string? Vision { get; }

    string? Leitbild { get; }

    List<StrategyValueInput>? Values { get; }

    List<StrategyGoalInput>? Goals { get; }
}

/// <summary>Shape rules of the content; ids that repeat are checked by <see cref="StrategyContentInput.ToContent"/>.</summary>
public sealed class StrategyContentRules : AbstractValidator<IStrategyContentFields>
{
    public const int LabelMaxLength = 50;

    public StrategyContentRules(bool contentRequired = true)
    {
        RuleFor(r => r.Label).NotEmpty().MaximumLength(LabelMaxLength);
        if (contentRequired)
        {
            RuleFor(r => r.Vision).NotEmpty();
        }

        RuleFor(r => r.Vision).MaximumLength(4000);
        RuleFor(r => r.Leitbild).MaximumLength(20000);
        RuleFor(r => r.Values).AtMostMaxItems();
        RuleForEach(r => r.Values).SetValidator(new StrategyValueRules());
        RuleFor(r => r.Goals).AtMostMaxItems();
        RuleForEach(r => r.Goals).SetValidator(new StrategyGoalRules());
    }
}

public sealed class StrategyValueRules : AbstractValidator<StrategyValueInput>
{
    public StrategyValueRules()
    {
        RuleFor(v => v.Name).NotEmpty().MaximumLength(200);
        RuleFor(v => v.Description).MaximumLength(2000);
    }
}

public sealed class StrategyGoalRules : AbstractValidator<StrategyGoalInput>
{
    public StrategyGoalRules()
    {
        RuleFor(g => g.Title).NotEmpty().MaximumLength(300);
        RuleFor(g => g.Description).MaximumLength(4000);
        RuleFor(g => g.Indicators).AtMostMaxItems();
        RuleForEach(g => g.Indicators).SetValidator(new StrategyIndicatorRules());
    }
}

public sealed class StrategyIndicatorRules : AbstractValidator<StrategyIndicatorInput>
{
    public StrategyIndicatorRules()
    {
        RuleFor(i => i.Name).NotEmpty().MaximumLength(200);
        RuleFor(i => i.Unit).NotEmpty().MaximumLength(50);
        RuleFor(i => i.Baseline).NotNull().Must(MeasureRules.IsMeasure)
            .WithMessage("The value lies between -999999999999.99 and 999999999999.99 and has at most 2 decimals.", "Der Wert liegt zwischen -999999999999,99 und 999999999999,99 und hat höchstens 2 Nachkommastellen.");
        RuleFor(i => i.Target).NotNull().Must(MeasureRules.IsMeasure)
            .WithMessage("The value lies between -999999999999.99 and 999999999999.99 and has at most 2 decimals.", "Der Wert liegt zwischen -999999999999,99 und 999999999999,99 und hat höchstens 2 Nachkommastellen.");
        RuleFor(i => i.Target).NotEqual(i => i.Baseline).When(i => i.Baseline is not null)
            .WithMessage("The target must differ from the baseline.", "Der Zielwert muss vom Ausgangswert abweichen.");
        RuleFor(i => i.TargetYear).NotNull().InclusiveBetween(2000, 2100)
            .WithMessage("The target year is between 2000 and 2100.", "Das Zieljahr liegt zwischen 2000 und 2100.");
    }
}

/// <summary>The bounds of <see cref="MeasureAttribute"/>, checked where a value comes in.</summary>
public static class MeasureRules
{
    public static bool IsMeasure(decimal? value) =>
        value is not { } v || (Math.Abs(v) <= MeasureAttribute.Max && decimal.Round(v, 2) == v);
}

/// <summary>Turns sent content into the stored document: new items get ids, ids that repeat are refused.</summary>
public static class StrategyContentInput
{
    public static (StrategyContent? Content, List<ValidationFailure> Failures) ToContent(List<StrategyValueInput>? values, List<StrategyGoalInput>? goals)
    {
        var failures = new List<ValidationFailure>();
        var seen = new HashSet<Guid>();
        Guid Take(Guid? id, string field)
        {
            if (id is { } given)
            {
                if (!seen.Add(given))
                {
                    failures.Add(new ValidationFailure(field, Localized.Text(
                        $"The id {given:D} appears more than once; every value, goal and indicator has its own.",
                        $"Die Kennung {given:D} kommt mehrfach vor; jeder Grundwert, jedes Ziel und jeder Indikator hat eine eigene.")));
                }

                return given;
            }

            return Guid.CreateVersion7();
        }

        var valueList = (values ?? []).Select((v, i) => new StrategyValue(Take(v.Id, $"values[{i}].id"), v.Name, v.Description)).ToList();
        var goalList = (goals ?? []).Select((g, i) => new StrategyGoal(
            Take(g.Id, $"goals[{i}].id"), g.Title, g.Description,
            (g.Indicators ?? []).Select((indicator, j) => new StrategyIndicator(
                Take(indicator.Id, $"goals[{i}].indicators[{j}].id"), indicator.Name, indicator.Unit,
                indicator.Baseline!.Value, indicator.Target!.Value, indicator.TargetYear!.Value)).ToList())).ToList();
        return failures.Count > 0 ? (null, failures) : (new StrategyContent(valueList, goalList), failures);
    }

    /// <summary>The stored content as it would be sent back, for callers that change a version from what it has.</summary>
    public static (List<StrategyValueInput> Values, List<StrategyGoalInput> Goals) FromContent(StrategyContent content) =>
        (content.Values.Select(v => new StrategyValueInput { Id = v.Id, Name = v.Name, Description = v.Description }).ToList(),
         content.Goals.Select(g => new StrategyGoalInput
         {
             Id = g.Id,
             Title = g.Title,
             Description = g.Description,
             Indicators = g.Indicators.Select(i => new StrategyIndicatorInput { Id = i.Id, Name = i.Name, Unit = i.Unit, Baseline = i.Baseline, Target = i.Target, TargetYear = i.TargetYear }).ToList(),
         }).ToList());
}
