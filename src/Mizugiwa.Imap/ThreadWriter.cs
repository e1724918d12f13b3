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

    /// <summary>One thread, written from a stack of nodes and closing parentheses rather than by recursion (threads can be thousands deep).</summary>
    private static void Members(ThreadNode thread, StringBuilder text)
    {
        var work = new Stack<object>();
        work.Push(thread);
        while (work.TryPop(out var item))
        {
            if (item is char parenthesis) { text.Append(parenthesis); continue; }
            var node = (ThreadNode)item;
            if (node.Message is { } message)
            {
                text.Append(message.Number.ToString(CultureInfo.InvariantCulture));
                if (node.Children.Count > 0) text.Append(' ');
            }
            if (node.Children.Count == 1) { work.Push(node.Children[0]); continue; }
            for (int i = node.Children.Count - 1; i >= 0; i--)
            {
                work.Push(')');
                work.Push(node.Children[i]);
                work.Push('(');
            }
        }
    }
}
