using Ingestion.Messaging;

namespace Ingestion.Tests.Messaging;

/// <summary>SQS FIFO sequence numbers (up to 39 digits on AWS, 20 on fauxqs) as positions that compare as numbers.</summary>
public sealed class QueuePositionTests
{
    [Theory]
    [InlineData("99999999999999999999", "100000000000000000000")]
    [InlineData("00000000000000000009", "10")]
    [InlineData("18849496460467696128", "340282366920938463463374607431768211455")]
    public void ALargerNumberComesAfterWhateverItsLength(string earlier, string later)
    {
        Assert.True(QueuePosition.IsAfter(QueuePosition.From(later)!, QueuePosition.From(earlier)));
        Assert.False(QueuePosition.IsAfter(QueuePosition.From(earlier)!, QueuePosition.From(later)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("12a")]
    [InlineData("-1")]
    [InlineData("12345678901234567890123456789012345678901")]
    public void WhatIsNotAWholeNumberOfAtMostFortyDigitsHasNoPosition(string? sequenceNumber) =>
        Assert.Null(QueuePosition.From(sequenceNumber));

    [Fact]
    public void APositionIsFortyDigitsAndShowsAsItsNumber()
    {
        var position = QueuePosition.From("00000000000000000042")!;

        Assert.Equal(QueuePosition.Digits, position.Length);
        Assert.Equal("42", QueuePosition.Display(position));
        Assert.True(QueuePosition.IsAfter(position, null));
        Assert.Equal(position, QueuePosition.Later(null, position));
        Assert.Equal(position, QueuePosition.Later(position, QueuePosition.From("7")));
    }
}
