using FastEndpoints;
using FluentValidation;
using FluentValidation.Results;
using SmartRegion.Api.Auth;
using SmartRegion.Api.Data;
using SmartRegion.Api.Domain;
using SmartRegion.Api.Features.Regions;
using SmartRegion.Api.Http;

namespace SmartRegion.Api.Features.Strategy;

/// <summary>
/// Records a measured value of an indicator of the region's strategy (the coordinator). The indicator is named by its
/// id, which stays the same across versions, so a value counts for every version that has the indicator. Measurements
/// are append-only; the latest by date is the one progress is computed from.
/// </summary>
public sealed record RecordMeasurementRequest : IHasExample<RecordMeasurementRequest>
{
    public const string Route = "/api/v1/regions/{slug}/strategy/indicators/{indicatorId}/measurements";

    public string Slug { get; set; } = string.Empty;

    /// <summary>The indicator's id, as a strategy version of the region shows it.</summary>
    public Guid IndicatorId { get; set; }

    /// <summary>The day the value describes; not in the future (Europe/Berlin calendar).</summary>
    public DateOnly? MeasuredOn { get; set; }

    /// <summary>The measured value in the indicator's unit.</summary>
    [Measure]
    public decimal? Value { get; set; }

    /// <summary>Where the value comes from, e.g. a statistics office or the Breitbandatlas; required, at most 500 characters.</summary>
    public string Source { get; set; } = string.Empty;

    /// <summary>At most 2000 characters.</summary>
    public string? Note { get; set; }

    public static RecordMeasurementRequest Example => new()
    {
        MeasuredOn = new DateOnly(2025, 12, 31),
        Value = 52.5m,
        Source = "Beispiel: Breitbandatlas des Bundes",
        Note = "Beispiel: Stichtag Jahresende.",
    };

    public static string BuildRoute(string slug, Guid indicatorId) => $"{GetStrategyRequest.BuildRoute(slug)}/indicators/{indicatorId:D}/measurements";
}

public sealed class RecordMeasurementValidator : Validator<RecordMeasurementRequest>
{
    public RecordMeasurementValidator()
    {
        RuleFor(r => r.MeasuredOn).NotNull();
        RuleFor(r => r.Value).NotNull().Must(MeasureRules.IsMeasure).WithMessage("The value lies between -999999999999.99 and 999999999999.99 and has at most 2 decimals.", "Der Wert liegt zwischen -999999999999,99 und 999999999999,99 und hat höchstens 2 Nachkommastellen.");
        RuleFor(r => r.Source).NotEmpty().MaximumLength(500);
        RuleFor(r => r.Note).MaximumLength(2000);
    }
}

/// <summary>A measured value of an indicator.</summary>
/// <param name="RecordedBy">The credential that recorded it.</param>
public sealed record MeasurementResponse(Guid Id, Guid IndicatorId, DateOnly MeasuredOn, [property: Measure] decimal Value, string Source, string? Note, string RecordedBy, DateTimeOffset CreatedAt)
{
    public static MeasurementResponse From(MeasurementRow row) =>
        new(row.Id, row.IndicatorId, row.MeasuredOn, row.Value, row.Source, row.Note, row.RecordedBy, row.CreatedAt);

    /// <summary>Measurements never change: the ETag is always the first version.</summary>
    public string ETag() => Preconditions.ETagFor(1);
}

/// <summary>A row of <c>StrategyMeasurements</c>.</summary>
public sealed record MeasurementRow
{
    public Guid Id { get; init; }

    public Guid RegionId { get; init; }

    public Guid IndicatorId { get; init; }

    public DateOnly MeasuredOn { get; init; }

    public decimal Value { get; init; }

    public string Source { get; init; } = string.Empty;

    public string? Note { get; init; }

    public string RecordedBy { get; init; } = string.Empty;

    public DateTimeOffset CreatedAt { get; init; }
}

public sealed class RecordMeasurementEndpoint(SmartRegionDb db, Clock clock) : Endpoint<RecordMeasurementRequest, MeasurementResponse>
{
    public override void Configure()
    {
        Post(RecordMeasurementRequest.Route);
        Roles(RoleNames.Coordinator);
        Description(
            b => b.WithName("recordMeasurement").WithSummary("Record a measured value of a strategy indicator").WithTags("Strategy")
                .JsonBody<RecordMeasurementRequest>()
                .ReturnsCreated<MeasurementResponse>()
                .Idempotent(),
            clearDefaults: true);
    }

    public override async Task HandleAsync(RecordMeasurementRequest request, CancellationToken ct)
    {
        var caller = Caller.From(User);
        var now = clock.Now();
        var row = await db.InTransactionAsync(
            async session =>
            {
                var region = await RegionAccess.RequireVisibleAsync(session, request.Slug, caller);
                var outcome = await MeasurementRecording.RecordAsync(session, region, request, caller.Actor, now);
                ValidationFailures.AddRange(outcome.Failures);
                ThrowIfAnyErrors();
                return outcome.Measurement!;
            },
            ct);

        var response = MeasurementResponse.From(row);
        HttpContext.Response.Headers.ETag = response.ETag();
        HttpContext.Response.Headers.Location = ListMeasurementsRequest.BuildRoute(request.Slug, request.IndicatorId);
        await Send.ResponseAsync(response, StatusCodes.Status201Created, ct);
    }
}

/// <summary>The use case behind <c>recordMeasurement</c>, for the endpoint and the demo seed.</summary>
public static class MeasurementRecording
{
    private static readonly RecordMeasurementValidator Shape = new();

    public sealed record Outcome(MeasurementRow? Measurement, IReadOnlyList<ValidationFailure> Failures);

    public static async Task<Outcome> RecordAsync(DbSession session, RegionRow region, RecordMeasurementRequest request, string actor, DateTimeOffset now)
    {
        var failures = Shape.Validate(request).Errors;
        if (failures.Count > 0)
        {
            return new Outcome(null, failures);
        }

        if (request.MeasuredOn!.Value > CouncilTime.Today(now))
        {
            return new Outcome(null, [new ValidationFailure("measuredOn", Localized.Text("The measurement date must not be in the future.", "Das Messdatum darf nicht in der Zukunft liegen."))]);
        }

        await RequireIndicatorAsync(session, region, request.IndicatorId);
        var row = new MeasurementRow
        {
            Id = Guid.CreateVersion7(),
            RegionId = region.Id,
            IndicatorId = request.IndicatorId,
            MeasuredOn = request.MeasuredOn.Value,
            Value = request.Value!.Value,
            Source = request.Source,
            Note = request.Note,
            RecordedBy = actor,
            CreatedAt = now,
        };
        await session.ExecuteAsync(MeasurementsSql.Insert, row);
        await ChangeLog.RecordAsync(session, new ChangeEntry(region.Id, StrategySql.MeasurementEntityType, $"{row.IndicatorId:D}/{row.Id:D}", "created", actor, now,
            new { indicatorId = row.IndicatorId, measuredOn = row.MeasuredOn, value = row.Value }, 1));
        return new Outcome(row, []);
    }

    /// <summary>404 unless some version of the region's strategy has the indicator.</summary>
    public static async Task RequireIndicatorAsync(DbSession session, RegionRow region, Guid indicatorId)
    {
        var contents = await session.QueryAsync<string>(StrategySql.AllContents, new { RegionId = region.Id });
        if (!contents.Select(StrategyContent.Parse).Any(content => content.Goals.Any(goal => goal.Indicators.Any(indicator => indicator.Id == indicatorId))))
        {
            throw ApiProblemException.NotFound($"No strategy version of region '{region.Slug}' has an indicator {indicatorId:D}.");
        }
    }
}

/// <summary>SQL of the measurement use cases.</summary>
public static class MeasurementsSql
{
    public const string Columns = "Id, RegionId, IndicatorId, MeasuredOn, Value, Source, Note, RecordedBy, CreatedAt";

    public static readonly SqlStatement Insert = SqlStatement.Shared($"""
        INSERT INTO StrategyMeasurements ({Columns})
        VALUES (@Id, @RegionId, @IndicatorId, @MeasuredOn, @Value, @Source, @Note, @RecordedBy, @CreatedAt)
        """);
}
