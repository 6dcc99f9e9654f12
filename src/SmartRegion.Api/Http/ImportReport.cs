namespace SmartRegion.Api.Http;

// The per-row report of a spreadsheet (CSV) import, shared by its 200 answer and by ProblemResponse.report, so a
// refused import carries exactly the report a dry run gives.

/// <summary>What a spreadsheet import did (or, in a dry run, would do), row by row.</summary>
/// <param name="DryRun" example="true">True when nothing was stored because the request asked for a dry run.</param>
/// <param name="Stored" example="false">True when the rows were stored (no dry run and no error).</param>
/// <param name="Created" example="1">Rows that create (or created) a resource.</param>
/// <param name="Updated" example="2">Rows that change (or changed) an existing resource.</param>
/// <param name="Unchanged" example="21">Rows equal to what is stored.</param>
/// <param name="Rows">Every data row with what it does, in file order.</param>
/// <param name="Errors">Every problem found, in file order; empty when the import can be (or was) stored.</param>
public sealed record ImportReport(
    bool DryRun, bool Stored, int Created, int Updated, int Unchanged, IReadOnlyList<ImportRow> Rows, IReadOnlyList<ImportError> Errors);

/// <summary>One data row of the file and what it does.</summary>
/// <param name="Row" example="2">The row number as a spreadsheet shows it (the header is row 1).</param>
/// <param name="Code" example="LP-07">The row's key (a project's code) as written.</param>
/// <param name="Action" example="update">What the row does: <c>create</c>, <c>update</c>, <c>unchanged</c>, or <c>refused</c> when it has errors.</param>
public sealed record ImportRow(int Row, string Code, ImportAction Action);

/// <summary>One problem in the file.</summary>
/// <param name="Row" example="3">The row number as a spreadsheet shows it (the header is row 1).</param>
/// <param name="Field" example="estimatedCost">The column (the JSON name of the field it holds), or <c>file</c> for the file as a whole.</param>
/// <param name="Message" example="version mismatch: the row has version 2, the project is at version 3; export again and re-apply the change.">What is wrong.</param>
public sealed record ImportError(int Row, string Field, string Message);

/// <summary>What an import row does.</summary>
public enum ImportAction
{
    Create,
    Update,
    Unchanged,
    Refused,
}
