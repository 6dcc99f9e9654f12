using System.Reflection;
using System.Reflection.Emit;
using SmartRegion.Api.Data;
using SmartRegion.Api.Features.Demo;

namespace SmartRegion.UnitTests.Features.Demo;

/// <summary>
/// One write path (STYLE.md): the demo seed reads and writes only through use-case code. Reads the IL of every method
/// of the Demo namespace (lambdas and async state machines included) and refuses any reference to an <c>…Sql</c>
/// class, an endpoint's nested <c>Sql</c> class, a <see cref="SqlStatement"/> or a method that runs one.
/// </summary>
public sealed class DemoWritePathTests
{
    private static readonly Dictionary<short, OpCode> OpCodesByValue = typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(field => (OpCode)field.GetValue(null)!).ToDictionary(code => code.Value);

    [Fact]
    public void The_demo_seed_uses_no_sql_of_its_own_or_of_an_endpoint()
    {
        var demoTypes = typeof(DemoSeeder).Assembly.GetTypes().Where(type => type.Namespace == typeof(DemoSeeder).Namespace).ToList();
        Assert.Contains(demoTypes, type => type.Name.StartsWith('<')); // the scan reaches into async state machines and lambdas
        var offences = (
            from type in demoTypes
            from method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All))
            from member in ReferencedMembers(method)
            where IsSql(member)
            select $"{type.FullName![(type.Namespace!.Length + 1)..]}.{method.Name} uses {member.DeclaringType?.FullName ?? member.ToString()}::{member.Name}")
            .Distinct().ToList();
        Assert.True(offences.Count == 0, "The demo seed must go through use cases, not SQL:\n" + string.Join('\n', offences));
    }

    private const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    private static bool IsSql(MemberInfo member) =>
        member switch
        {
            Type type => IsSqlType(type),
            FieldInfo field => IsSqlType(field.DeclaringType) || field.FieldType == typeof(SqlStatement),
            MethodBase method => IsSqlType(method.DeclaringType) || method.GetParameters().Any(parameter => parameter.ParameterType == typeof(SqlStatement)),
            _ => IsSqlType(member.DeclaringType),
        };

    private static bool IsSqlType(Type? type)
    {
        for (; type is not null; type = type.DeclaringType)
        {
            if (type == typeof(SqlStatement) || type.Name.EndsWith("Sql", StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The members a method body names: calls, field accesses, types and tokens (operand tables of ECMA-335 III).</summary>
    private static IEnumerable<MemberInfo> ReferencedMembers(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray() ?? [];
        var typeArguments = method.DeclaringType is { IsGenericType: true } declaring ? declaring.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var position = 0; position < il.Length;)
        {
            var code = il[position] == 0xFE ? OpCodesByValue[(short)(0xFE00 | il[position + 1])] : OpCodesByValue[il[position]];
            position += code.Size;
            if (code.OperandType is OperandType.InlineMethod or OperandType.InlineField or OperandType.InlineType or OperandType.InlineTok)
            {
                yield return method.Module.ResolveMember(BitConverter.ToInt32(il, position), typeArguments, methodArguments)!;
            }

            position += code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, position)),
                _ => 4,
            };
        }
    }
}
