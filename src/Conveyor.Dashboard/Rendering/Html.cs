using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;

namespace Conveyor.Dashboard.Rendering;

/// <summary>
/// A fragment of trusted markup. Built only from an interpolated string whose holes are HTML-encoded unless they are
/// <see cref="Html"/> themselves, so a stored value (a job's arguments, an error message, a queue name) can never
/// become markup.
/// </summary>
internal sealed class Html
{
    private Html(string value) => Value = value;

    /// <summary>Nothing.</summary>
    public static Html Empty { get; } = new("");

    /// <summary>The markup.</summary>
    public string Value { get; }

    /// <summary>Markup from an interpolated string: literals as written, holes encoded.</summary>
    public static Html Of(ref HtmlInterpolation markup) => new(markup.ToStringAndClear());

    /// <summary>The fragments one after another.</summary>
    public static Html Join(IEnumerable<Html> parts) => new(string.Concat(parts.Select(p => p.Value)));

    /// <summary><paramref name="html"/> when <paramref name="condition"/> holds, else nothing.</summary>
    public static Html If(bool condition, Html html) => condition ? html : Empty;

    /// <inheritdoc />
    public override string ToString() => Value;

    /// <summary>Encodes text for an element's content or a quoted attribute.</summary>
    public static string Encode(string? text) => HtmlEncoder.Default.Encode(text ?? "");

    /// <summary>Collects an interpolated string, encoding every hole that is not <see cref="Html"/>.</summary>
    [InterpolatedStringHandler]
    public ref struct HtmlInterpolation
    {
        private DefaultInterpolatedStringHandler _inner;

        public HtmlInterpolation(int literalLength, int formattedCount) =>
            _inner = new DefaultInterpolatedStringHandler(literalLength, formattedCount, CultureInfo.InvariantCulture);

        public void AppendLiteral(string literal) => _inner.AppendLiteral(literal);

        public void AppendFormatted(Html? html) => _inner.AppendLiteral(html?.Value ?? "");

        public void AppendFormatted(string? text) => _inner.AppendLiteral(Encode(text));

        public void AppendFormatted<T>(T value) => _inner.AppendLiteral(Encode(Convert.ToString(value, CultureInfo.InvariantCulture)));

        public void AppendFormatted<T>(T value, string format)
            where T : IFormattable => _inner.AppendLiteral(Encode(value.ToString(format, CultureInfo.InvariantCulture)));

        public string ToStringAndClear() => _inner.ToStringAndClear();
    }
}
