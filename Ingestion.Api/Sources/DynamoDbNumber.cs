using System.Globalization;

namespace Ingestion.Api.Sources;

/// <summary>
/// What a DynamoDB number can hold: up to 38 significant digits, and a magnitude of zero or from
/// 1E-130 to 9.9999999999999999999999999999999999999E+125. The workers store a body's numbers as
/// the producer wrote them, so a number outside this must be refused before 202, not by DynamoDB after.
/// </summary>
public static class DynamoDbNumber
{
    public const int MaxSignificantDigits = 38;
    public const int MinExponent = -130;
    public const int MaxExponent = 125;

    /// <summary>Null when <paramref name="jsonNumber"/> (a JSON number's text) can be stored as written; else why not.</summary>
    public static string? Problem(string jsonNumber)
    {
        ArgumentNullException.ThrowIfNull(jsonNumber);
        var text = jsonNumber.AsSpan().TrimStart('-');
        var exponentAt = text.IndexOfAny('e', 'E');
        long exponent = 0;
        if (exponentAt >= 0)
        {
            if (!long.TryParse(text[(exponentAt + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent)
                || Math.Abs(exponent) > 1_000_000)
            {
                return OutOfRange;
            }

            text = text[..exponentAt];
        }

        var pointAt = text.IndexOf('.');
        var fractionDigits = pointAt < 0 ? 0 : text.Length - pointAt - 1;
        var digits = pointAt < 0 ? text.ToString() : string.Concat(text[..pointAt], text[(pointAt + 1)..]);

        // DynamoDB drops leading and trailing zeros: they are not significant.
        var significant = digits.TrimStart('0');
        if (significant.Length == 0)
        {
            return null;
        }

        var trailingZeros = significant.Length - significant.TrimEnd('0').Length;
        significant = significant.TrimEnd('0');
        if (significant.Length > MaxSignificantDigits)
        {
            return $"has {significant.Length} significant digits; DynamoDB stores at most {MaxSignificantDigits}";
        }

        // The power of ten of the leading digit, as in scientific notation.
        var leadingExponent = exponent - fractionDigits + trailingZeros + significant.Length - 1;
        return leadingExponent is < MinExponent or > MaxExponent ? OutOfRange : null;
    }

    private const string OutOfRange = "must be 0 or between 1E-130 and 9.9999999999999999999999999999999999999E+125 in magnitude (what DynamoDB stores)";
}
