using MimeKit;

namespace Mizugiwa.Delivery.Tests.Outbound;

/// <summary>A DSN taken apart with MimeKit, as a mail client would: its three parts and the fields of its status groups.</summary>
internal sealed class DsnReader
{
    public DsnReader(MimeMessage message)
    {
        Message = message;
        Report = Assert.IsType<MultipartReport>(message.Body);
        Assert.Equal("delivery-status", Report.ReportType);
        Assert.Equal(3, Report.Count);
        Text = Assert.IsType<TextPart>(Report[0]).Text;
        var status = Assert.IsType<MessageDeliveryStatus>(Report[1]);
        PerMessage = status.StatusGroups[0];
        PerRecipient = [.. status.StatusGroups.Skip(1).Where(g => g.Count > 0)]; // MimeKit reads the blank line after the last group as an empty one
        Returned = Report[2];
    }

    public MimeMessage Message { get; }
    public MultipartReport Report { get; }
    public string Text { get; }
    public HeaderList PerMessage { get; }
    public IReadOnlyList<HeaderList> PerRecipient { get; }
    public MimeEntity Returned { get; }

    /// <summary>The header of the returned message, whether the whole message or only its header came back.</summary>
    public HeaderList ReturnedHeaders => Returned switch
    {
        TextRfc822Headers headers => headers.Message!.Headers,
        MessagePart part => part.Message!.Headers,
        _ => throw new InvalidOperationException($"unexpected third part {Returned.ContentType.MimeType}"),
    };

    public HeaderList For(string address) => PerRecipient.Single(g => g["Final-Recipient"] == $"rfc822; {address}");
}
