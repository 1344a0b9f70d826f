using FluentAssertions;
using ScimServer.Core.Schema;

namespace ScimServer.Core.Tests.Schema;

public sealed class ScimDateTimeTests
{
    [Fact]
    public void The_stored_form_reads_back_to_the_same_instant_in_utc()
    {
        var instant = new DateTimeOffset(2026, 11, 30, 12, 34, 56, TimeSpan.Zero).AddTicks(1234567);

        ScimDateTime.TryParse(ScimDateTime.ToText(instant), out var read).Should().BeTrue();

        read.Should().Be(instant);
        read.Offset.Should().Be(TimeSpan.Zero);
        ScimDateTime.ToText(read).Should().Be("2026-11-30T12:34:56.1234567Z");
    }

    [Theory]
    [InlineData("2026-11-30T12:34:56.1234567+00:00")]
    [InlineData("2026-11-30T13:34:56.0000001+01:00")]
    [InlineData("0001-01-01T00:00:00+00:00")]
    [InlineData("9999-12-31T23:59:59.9999999+00:00")]
    public void The_utf8_form_is_the_stored_text(string instant)
    {
        var value = DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture);
        Span<byte> utf8 = stackalloc byte[ScimDateTime.Utf8Length];

        var written = ScimDateTime.FormatUtf8(value, utf8);

        System.Text.Encoding.UTF8.GetString(utf8[..written]).Should().Be(ScimDateTime.ToText(value));
    }

    [Theory]
    [InlineData("2026-11-30T13:34:56+01:00", "2026-11-30T12:34:56.0000000Z")]
    [InlineData("2026-11-30T12:34:56Z", "2026-11-30T12:34:56.0000000Z")]
    [InlineData("2026-11-30T12:34:56", "2026-11-30T12:34:56.0000000Z")]
    [InlineData("2026-11-30T10:34:56.1234567-02:00", "2026-11-30T12:34:56.1234567Z")]
    public void Other_xsd_date_times_are_read_as_their_instant(string text, string stored)
    {
        ScimDateTime.TryNormalize(text, out var normalized).Should().BeTrue();

        normalized.Should().Be(stored);
    }

    [Theory]
    [InlineData("2026-11-30T12:34:56.1234567Z")]
    [InlineData("2024-02-29T23:59:59.9999999Z")]
    [InlineData("0001-01-01T00:00:00.0000000Z")]
    [InlineData("9999-12-31T23:59:59.9999999Z")]
    public void The_stored_form_reads_as_the_exact_round_trip_pattern_reads_it(string text)
    {
        var exact = DateTimeOffset.ParseExact(
            text, "O", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);

        ScimDateTime.TryParse(text, out var read).Should().BeTrue();

        read.Should().Be(exact);
        read.Offset.Should().Be(TimeSpan.Zero);
        ScimDateTime.ToText(read).Should().Be(text);
    }

    [Theory]
    [InlineData("2026-11-30")]
    [InlineData("2026-02-29T12:34:56.1234567Z")]
    [InlineData("2026-13-01T12:34:56.1234567Z")]
    [InlineData("2026-11-30T24:00:00.0000000Z")]
    [InlineData("2026-11-30T12:34:5x.1234567Z")]
    [InlineData("yesterday")]
    [InlineData("2026-11-30T12:34:56.1234567X")]
    public void Text_that_is_no_date_time_is_refused(string text) =>
        ScimDateTime.TryParse(text, out _).Should().BeFalse();
}
