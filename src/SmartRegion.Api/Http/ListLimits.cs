using System.Collections;
using FluentValidation;

namespace SmartRegion.Api.Http;

/// <summary>
/// The largest list a request may carry in its body or query (conventions: at most 200 items). Stated twice on
/// purpose: <c>[MaxLength(ListLimits.MaxItems)]</c> on the property gives the OpenAPI schema its <c>maxItems</c>
/// (Swashbuckle reads data annotations, not FluentValidation rules), and <see cref="AtMostMaxItems{T,TList}"/> in the
/// validator refuses a longer list with 400 naming the field. It also keeps every statement far below SQL Server's
/// 2,100 parameters: a list becomes at most 200 parameters of an <c>IN @list</c>.
/// </summary>
public static class ListLimits
{
    public const int MaxItems = 200;

    public static IRuleBuilderOptions<T, TList> AtMostMaxItems<T, TList>(this IRuleBuilder<T, TList> rule)
        where TList : ICollection? =>
        rule.Must(list => list is null || list.Count <= ListLimits.MaxItems)
            .WithMessage($"'{{PropertyName}}' must not have more than {ListLimits.MaxItems} items.", $"'{{PropertyName}}' darf höchstens {ListLimits.MaxItems} Einträge haben.");
}
