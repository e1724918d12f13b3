using System.Globalization;
using System.Text;
using Mizugiwa.Imap.ThreadAlgorithms;

namespace Mizugiwa.Imap;

/// <summary>
/// The THREAD response's thread-list (RFC 5256 §5): "(2)(3 6 (4 23)(44 7 96))" — a message followed by its only
/// child without parentheses, by two or more children each in their own parentheses; a dummy shows only its children.
/// </summary>
internal static class ThreadWriter
{
    public static string Write(IEnumerable<ThreadNode> threads)
    {
        var text = new StringBuilder();
        foreach (var thread in threads)
        {
            text.Append('(');
            Members(thread, text);
            text.Append(')');
        }
        return text.ToString();
    }

    private static void Members(ThreadNode node, StringBuilder text)
    {
        if (node.Message is { } message)
        {
            text.Append(message.Number.ToString(CultureInfo.InvariantCulture));
            if (node.Children.Count > 0) text.Append(' ');
        }
        if (node.Children.Count == 1) { Members(node.Children[0], text); return; }
        foreach (var child in node.Children)
        {
            text.Append('(');
            Members(child, text);
            text.Append(')');
        }
    }
}
