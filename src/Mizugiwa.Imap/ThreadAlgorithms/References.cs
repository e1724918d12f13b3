using System.Globalization;

namespace Mizugiwa.Imap.ThreadAlgorithms;

/// <summary>
/// THREAD=REFERENCES (RFC 5256 §4, after Jamie Zawinski): threads from Message-ID, References and In-Reply-To,
/// with dummies for referred-to messages that are not here, then roots of the same base subject gathered together.
/// </summary>
internal static class References
{
    public static List<ThreadNode> Threads(IEnumerable<ThreadMessage> messages)
    {
        var roots = Link(messages);
        Prune(roots);
        GatherBySubject(roots);
        SortByDate(roots);
        return roots;
    }

    /// <summary>
    /// The roots and every node below them, parents before children. Read backwards it visits children before
    /// their parents, which is how pruning and sorting walk a thread without recursion: a chain of replies thousands
    /// deep (a mailbox anyone can send mail into) must not exhaust the stack.
    /// </summary>
    private static List<ThreadNode> TopDown(List<ThreadNode> roots)
    {
        var order = new List<ThreadNode>(roots);
        for (int i = 0; i < order.Count; i++) order.AddRange(order[i].Children);
        return order;
    }

    /// <summary>Steps 1 to 3: the id_table, parent/child links from each message's references, and the root set.</summary>
    private static List<ThreadNode> Link(IEnumerable<ThreadMessage> messages)
    {
        var idTable = new Dictionary<string, ThreadNode>(StringComparer.Ordinal);
        var created = new List<ThreadNode>();
        ThreadNode Container(string id)
        {
            if (idTable.TryGetValue(id, out var node)) return node;
            idTable[id] = node = new ThreadNode(null);
            created.Add(node);
            return node;
        }

        foreach (var message in messages)
        {
            // A message without a Message-ID, or with one an earlier message has, gets a unique one (step 1.A);
            // "\0" cannot occur in a header's Message-ID.
            var id = message.MessageId is { Length: > 0 } given && !(idTable.TryGetValue(given, out var seen) && !seen.IsDummy)
                ? given
                : "\0" + message.Number.ToString(CultureInfo.InvariantCulture);
            var container = Container(id);
            container.Message = message;

            var references = message.References.Where(r => r.Length > 0 && r != id).Select(Container).ToList();
            // Link each reference to the next one, unless they are linked already or the link would make a loop.
            for (int i = 0; i + 1 < references.Count; i++)
            {
                var (parent, child) = (references[i], references[i + 1]);
                if (child.Parent is null && !child.IsAncestorOrSelf(parent)) parent.Adopt(child);
            }
            // The message's own References are authoritative for its parent (step 1.B).
            if (container.Parent is { } old) { old.Children.Remove(container); container.Parent = null; }
            if (references.Count > 0 && !container.IsAncestorOrSelf(references[^1])) references[^1].Adopt(container);
        }
        return [.. created.Where(n => n.Parent is null)];
    }

    /// <summary>
    /// Step 4: a dummy without children goes; a dummy with children gives way to them, except at the root where it
    /// stays unless it has only one child.
    /// </summary>
    private static void Prune(List<ThreadNode> roots)
    {
        var nodes = TopDown(roots);
        for (int i = nodes.Count - 1; i >= 0; i--) PruneSiblings(nodes[i].Children, atRoot: false);
        PruneSiblings(roots, atRoot: true);
    }

    /// <summary>Step 4 for one set of siblings, whose own children have been pruned already.</summary>
    private static void PruneSiblings(List<ThreadNode> siblings, bool atRoot)
    {
        for (int i = 0; i < siblings.Count; i++)
        {
            var node = siblings[i];
            if (!node.IsDummy) continue;
            if (atRoot && node.Children.Count > 1) continue;
            siblings.RemoveAt(i);
            foreach (var child in node.Children) child.Parent = node.Parent;
            siblings.InsertRange(i, node.Children);
            i += node.Children.Count - 1;
        }
    }

    /// <summary>Step 5: roots whose thread subjects are the same base subject become one thread.</summary>
    private static void GatherBySubject(List<ThreadNode> roots)
    {
        var subjectTable = new Dictionary<string, ThreadNode>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            if (ThreadSubject(root) is not { } subject) continue;
            if (!subjectTable.TryGetValue(subject, out var held)
                || (!held.IsDummy && (root.IsDummy || (held.Message!.IsReplyOrForward && !root.Message!.IsReplyOrForward))))
                subjectTable[subject] = root;
        }

        foreach (var root in roots.ToList())
        {
            if (ThreadSubject(root) is not { } subject) continue;
            var held = subjectTable[subject];
            if (held == root) continue;
            roots.Remove(root);
            if (held.IsDummy && root.IsDummy)
                foreach (var child in root.Children.ToList()) held.Adopt(child);
            else if (held.IsDummy || (root.Message!.IsReplyOrForward && !held.Message!.IsReplyOrForward))
                held.Adopt(root);
            else
            {
                var dummy = new ThreadNode(null);
                roots[roots.IndexOf(held)] = dummy;
                dummy.Adopt(held);
                dummy.Adopt(root);
                subjectTable[subject] = dummy;
            }
        }
    }

    /// <summary>The base subject of the root's message, or of its first child's for a dummy; null when empty.</summary>
    private static string? ThreadSubject(ThreadNode root)
    {
        var message = root.Message ?? root.Children.FirstOrDefault()?.Message;
        return message is { SubjectKey.Length: > 0 } ? message.SubjectKey : null;
    }

    /// <summary>Step 6: every set of siblings in sent date order, ties in mailbox order; a dummy by its first child.</summary>
    private static void SortByDate(List<ThreadNode> roots)
    {
        // Children first: a dummy sorts by its first child.
        var nodes = TopDown(roots);
        for (int i = nodes.Count - 1; i >= 0; i--) SortSiblings(nodes[i].Children);
        SortSiblings(roots);
    }

    private static void SortSiblings(List<ThreadNode> siblings)
    {
        if (siblings.Count < 2) return;
        var sorted = siblings.OrderBy(n => n.SortKey).ToList();
        siblings.Clear();
        siblings.AddRange(sorted);
    }
}
