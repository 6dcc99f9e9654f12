using Microsoft.SqlServer.TransactSql.ScriptDom;

namespace SmartRegion.SqlServerModelTests;

/// <summary>
/// The schema that a sequence of migration scripts leaves behind, as scripts DacFx can load: each batch's schema
/// statements under the batch's name, with every later <c>ALTER TABLE</c> (add or drop of columns and constraints,
/// a column's new type, collation or nullability) applied to its table's <c>CREATE TABLE</c>, every
/// <c>DROP INDEX</c> removing its <c>CREATE INDEX</c>, and data statements (INSERT, UPDATE, DELETE, variables) left out.
/// A statement it does not know how to fold fails loudly instead of being skipped.
/// </summary>
public static class MigratedSchema
{
    public static IReadOnlyList<(string SourceName, string Script)> From(IEnumerable<(string Name, string Sql)> scripts)
    {
        var parts = new List<Part>();
        var tables = new Dictionary<string, TablePart>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, sql) in scripts)
        {
            var batches = SqlServerModel.Batches(sql);
            for (var i = 0; i < batches.Count; i++)
            {
                var sourceName = $"{name} (batch {i + 1})";
                foreach (var statement in Parse(sourceName, batches[i]))
                {
                    switch (statement)
                    {
                        case CreateTableStatement create:
                            var table = new TablePart(sourceName, create);
                            tables[TableName(create.SchemaObjectName)] = table;
                            parts.Add(table);
                            break;
                        case AlterTableAddTableElementStatement add:
                            var target = Table(tables, add.SchemaObjectName, sourceName);
                            foreach (var column in add.Definition.ColumnDefinitions)
                            {
                                target.Create.Definition.ColumnDefinitions.Add(column);
                            }

                            foreach (var constraint in add.Definition.TableConstraints)
                            {
                                target.Create.Definition.TableConstraints.Add(constraint);
                            }

                            if (add.Definition.Indexes.Count > 0)
                            {
                                throw new InvalidOperationException($"{sourceName}: ALTER TABLE … ADD INDEX is not folded yet; use CREATE INDEX.");
                            }

                            break;
                        case AlterTableDropTableElementStatement drop:
                            var from = Table(tables, drop.SchemaObjectName, sourceName);
                            foreach (var element in drop.AlterTableDropTableElements)
                            {
                                Drop(from.Create.Definition, element, sourceName);
                            }

                            break;
                        case AlterTableAlterColumnStatement alter:
                            AlterColumn(Table(tables, alter.SchemaObjectName, sourceName), alter, sourceName);
                            break;
                        case CreateIndexStatement index:
                            parts.Add(new IndexPart(sourceName, IndexName(index.OnName, index.Name), batches[i].Substring(index.StartOffset, index.FragmentLength)));
                            break;
                        case DropIndexStatement dropIndex:
                            foreach (var clause in dropIndex.DropIndexClauses.Cast<DropIndexClause>())
                            {
                                var indexName = IndexName(clause.Object, clause.Index);
                                if (parts.RemoveAll(part => part is IndexPart created && created.Name == indexName) == 0)
                                {
                                    throw new InvalidOperationException($"{sourceName}: drops index {indexName}, which no earlier migration creates.");
                                }
                            }

                            break;
                        case InsertStatement or UpdateStatement or DeleteStatement or DeclareVariableStatement or DeclareTableVariableStatement
                            or SetVariableStatement:
                            // Data, not schema: backfills of the columns and tables that the statements around them make.
                            break;
                        case AlterTableStatement other:
                            throw new InvalidOperationException($"{sourceName}: {other.GetType().Name} is not folded into the model yet.");
                        default:
                            parts.Add(new TextPart(sourceName, batches[i].Substring(statement.StartOffset, statement.FragmentLength)));
                            break;
                    }
                }
            }
        }

        // One script per source name, as DacFx keeps them: a batch with several schema statements stays one script.
        return parts.GroupBy(part => part.SourceName)
            .Select(group => (group.Key, string.Join("\n", group.Select(part => part.Script()))))
            .ToList();
    }

    private static List<TSqlStatement> Parse(string sourceName, string batch)
    {
        var parser = new TSql160Parser(initialQuotedIdentifiers: true);
        using var reader = new StringReader(batch);
        var fragment = (TSqlScript)parser.Parse(reader, out var errors);
        if (errors.Count > 0)
        {
            throw new InvalidOperationException($"{sourceName} does not parse: " + string.Join("; ", errors.Select(error => $"line {error.Line}: {error.Message}")));
        }

        return fragment.Batches.SelectMany(b => b.Statements).ToList();
    }

    private static void Drop(TableDefinition definition, AlterTableDropTableElement element, string sourceName)
    {
        var name = element.Name.Value;
        var removed = element.TableElementType switch
        {
            TableElementType.Column => RemoveAll(definition.ColumnDefinitions, column => Is(column.ColumnIdentifier, name)),
            TableElementType.Constraint or TableElementType.NotSpecified =>
                RemoveAll(definition.TableConstraints, constraint => Is(constraint.ConstraintIdentifier, name))
                + definition.ColumnDefinitions.Sum(column => RemoveAll(column.Constraints, constraint => Is(constraint.ConstraintIdentifier, name))),
            _ => throw new InvalidOperationException($"{sourceName}: dropping a {element.TableElementType} is not folded into the model yet."),
        };
        if (removed == 0)
        {
            throw new InvalidOperationException($"{sourceName}: drops {name}, which the table does not have.");
        }
    }

    private static void AlterColumn(TablePart table, AlterTableAlterColumnStatement alter, string sourceName)
    {
        if (alter.AlterTableAlterColumnOption is not (AlterTableAlterColumnOption.NoOptionDefined or AlterTableAlterColumnOption.Null
            or AlterTableAlterColumnOption.NotNull) || alter.DataType is null)
        {
            throw new InvalidOperationException($"{sourceName}: only ALTER COLUMN … <type> [COLLATE …] [NOT] NULL is folded into the model yet.");
        }

        var column = table.Create.Definition.ColumnDefinitions.SingleOrDefault(c => Is(c.ColumnIdentifier, alter.ColumnIdentifier.Value))
            ?? throw new InvalidOperationException($"{sourceName}: alters column {alter.ColumnIdentifier.Value}, which the table does not have.");
        column.DataType = alter.DataType;
        column.Collation = alter.Collation;
        RemoveAll(column.Constraints, constraint => constraint is NullableConstraintDefinition);
        column.Constraints.Insert(0, new NullableConstraintDefinition { Nullable = alter.AlterTableAlterColumnOption != AlterTableAlterColumnOption.NotNull });
    }

    private static string IndexName(SchemaObjectName table, Identifier index) => $"{TableName(table)}.{index.Value}".ToUpperInvariant();

    private static int RemoveAll<T>(IList<T> items, Func<T, bool> match)
    {
        var matching = items.Where(match).ToList();
        foreach (var item in matching)
        {
            items.Remove(item);
        }

        return matching.Count;
    }

    private static bool Is(Identifier? identifier, string name) => string.Equals(identifier?.Value, name, StringComparison.OrdinalIgnoreCase);

    private static string TableName(SchemaObjectName name) => $"{name.SchemaIdentifier?.Value ?? "dbo"}.{name.BaseIdentifier.Value}";

    private static TablePart Table(Dictionary<string, TablePart> tables, SchemaObjectName name, string sourceName) =>
        tables.TryGetValue(TableName(name), out var table)
            ? table
            : throw new InvalidOperationException($"{sourceName} alters {TableName(name)}, which no earlier migration creates.");

    private abstract record Part(string SourceName)
    {
        public abstract string Script();
    }

    private sealed record TextPart(string SourceName, string Text) : Part(SourceName)
    {
        public override string Script() => Text;
    }

    private sealed record IndexPart(string SourceName, string Name, string Text) : Part(SourceName)
    {
        public override string Script() => Text;
    }

    private sealed record TablePart(string SourceName, CreateTableStatement Create) : Part(SourceName)
    {
        public override string Script()
        {
            new Sql160ScriptGenerator().GenerateScript(Create, out var script);
            return script;
        }
    }
}
