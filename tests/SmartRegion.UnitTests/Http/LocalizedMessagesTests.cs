using System.Globalization;
using System.Text.RegularExpressions;
using FluentValidation;
using FluentValidation.Internal;
using FluentValidation.Validators;
using SmartRegion.Api.Http;

namespace SmartRegion.UnitTests.Http;

/// <summary>Every custom validation message of the service exists in English and German.</summary>
public sealed partial class LocalizedMessagesTests
{
    /// <summary>
    /// FluentValidation's built-in messages exist in German, and the service's own give both texts through
    /// <see cref="Localized.WithMessage"/>; so every message of every rule differs between en and de unless someone
    /// wrote an English-only one.
    /// </summary>
    [Fact]
    public void Every_message_of_every_validator_has_a_German_text()
    {
        var validators = typeof(Localized).Assembly.GetTypes()
            .Where(type => type is { IsClass: true, IsAbstract: false, ContainsGenericParameters: false } && typeof(IValidator).IsAssignableFrom(type))
            .Where(type => type.GetConstructor(Type.EmptyTypes) is not null)
            .ToList();
        Assert.NotEmpty(validators);

        var untranslated = new List<string>();
        var custom = 0;
        foreach (var type in validators)
        {
            var rules = (IEnumerable<IValidationRule>)Activator.CreateInstance(type)!;
            foreach (var rule in rules)
            {
                // Included validators and child validators are validators of their own, walked on their own.
                foreach (var component in rule.Components.Where(component => rule is not IIncludeRule && component.Validator is not IChildValidatorAdaptor))
                {
                    var english = MessageIn("en", component);
                    var german = MessageIn("de", component);
                    if (string.IsNullOrEmpty(english))
                    {
                        continue;
                    }

                    custom++;
                    if (english == german)
                    {
                        untranslated.Add($"{type.Name}.{rule.PropertyName}: {english}");
                    }
                }
            }
        }

        Assert.True(custom > 10, $"Only {custom} messages found; the walk over validators is broken.");
        Assert.Empty(untranslated);
    }

    /// <summary>
    /// The reflection walk above sees top-level rules; this catches the rest (child rules, collection rules): the
    /// single-language <c>WithMessage("…")</c> is not used anywhere in the service.
    /// </summary>
    [Fact]
    public void The_single_language_WithMessage_is_not_used()
    {
        var source = Path.Combine(RepositoryRoot(), "src", "SmartRegion.Api");
        var offenders = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Where(file => !file.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(file => WithMessageCall().Matches(File.ReadAllText(file))
                .Where(call => !TwoTexts().IsMatch(call.Value))
                .Select(call => $"{Path.GetFileName(file)}: {call.Value}"))
            .ToList();

        Assert.Empty(offenders);
    }

    [Fact]
    public void German_is_chosen_by_the_UI_culture()
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo("de-AT");
            Assert.Equal("Sitzung", Localized.Text("Meeting", "Sitzung"));
            CultureInfo.CurrentUICulture = new CultureInfo("en");
            Assert.Equal("Meeting", Localized.Text("Meeting", "Sitzung"));
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static string? MessageIn(string culture, IRuleComponent component)
    {
        var before = CultureInfo.CurrentUICulture;
        try
        {
            CultureInfo.CurrentUICulture = new CultureInfo(culture);
            return component.GetUnformattedErrorMessage();
        }
        finally
        {
            CultureInfo.CurrentUICulture = before;
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "SmartRegion.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("SmartRegion.sln not found above the test binaries.");
    }

    /// <summary>A <c>.WithMessage(…)</c> call in source, with its arguments (which may span lines).</summary>
    [GeneratedRegex(@"\.WithMessage\((?:[^()""]|""(?:[^""\\]|\\.)*"")*\)", RegexOptions.Singleline)]
    private static partial Regex WithMessageCall();

    [GeneratedRegex(@"^\.WithMessage\(\s*\$?""(?:[^""\\]|\\.)*""\s*,\s*\$?""(?:[^""\\]|\\.)*""\s*\)$", RegexOptions.Singleline)]
    private static partial Regex TwoTexts();
}
