using Mizugiwa.Imap.ThreadAlgorithms;

namespace Mizugiwa.Imap.Tests;

/// <summary>THREAD's algorithms (RFC 5256 §4) step by step on small hand-made message sets, written as the THREAD response writes them.</summary>
public sealed class ThreadAlgorithmTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private static ThreadMessage M(long number, string? id, string subject, int minute, params string[] references) =>
        new(number, id, references, subject, Noon.AddMinutes(minute));

    private static string ReferencesOf(params ThreadMessage[] messages) => ThreadWriter.Write(References.Threads(messages));

    private static string OrderedSubjectOf(params ThreadMessage[] messages) => ThreadWriter.Write(OrderedSubject.Threads(messages));

    [Fact]
    public void A_references_chain_is_one_thread() =>
        Assert.Equal("(1 2 3)", ReferencesOf(M(1, "a", "Plan", 0), M(2, "b", "Re: Plan", 1, "a"), M(3, "c", "Re: Plan", 2, "a", "b")));

    [Fact]
    public void A_chain_of_replies_far_deeper_than_the_stack_allows_for_recursion_is_threaded_and_written()
    {
        // Each message replies to the one before, and through a dummy parent at the top: prune, sort and write all walk it.
        const int depth = 20_000;
        var messages = Enumerable.Range(1, depth).Select(n => M(n, $"m{n}", "Re: chain", n, n == 1 ? ["missing"] : [$"m{n - 1}"])).ToArray();
        // On a thread with a small stack (256 KiB), which recursion 20,000 levels deep would overflow.
        string? written = null;
        var thread = new Thread(() => written = ReferencesOf(messages), maxStackSize: 256 * 1024);
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(60)), "threading a chain of 20,000 took over a minute");
        Assert.Equal("(" + string.Join(' ', Enumerable.Range(1, depth)) + ")", written);
    }

    [Fact]
    public void The_RFC_example_shape_is_written_as_in_the_RFC()
    {
        var messages = new[]
        {
            M(2, "two", "Alone", 0), M(3, "three", "Start", 1), M(6, "six", "Re: Start", 2, "three"),
            M(4, "four", "Re: Start", 3, "three", "six"), M(23, "x23", "Re: Start", 4, "three", "six", "four"),
            M(44, "x44", "Re: Start", 5, "three", "six"), M(7, "seven", "Re: Start", 6, "three", "six", "x44"),
            M(96, "x96", "Re: Start", 7, "three", "six", "x44", "seven"),
        };
        Assert.Equal("(2)(3 6 (4 23)(44 7 96))", ReferencesOf(messages));
    }

    [Fact]
    public void In_reply_to_serves_when_there_are_no_references() =>
        // ThreadMessage gets In-Reply-To as its only reference; the threading is the same.
        Assert.Equal("(1 2)", ReferencesOf(M(1, "a", "Plan", 0), M(2, "b", "Something else", 1, "a")));

    [Fact]
    public void Siblings_are_in_sent_date_order_not_mailbox_order() =>
        Assert.Equal("(1 (3)(2))", ReferencesOf(M(1, "a", "Plan", 0), M(2, "b", "Re: Plan", 30, "a"), M(3, "c", "Re: Plan", 10, "a")));

    [Fact]
    public void Siblings_sent_at_the_same_time_stay_in_mailbox_order() =>
        Assert.Equal("(1 (2)(3))", ReferencesOf(M(1, "a", "Plan", 0), M(2, "b", "Re: Plan", 5, "a"), M(3, "c", "Re: Plan", 5, "a")));

    [Fact]
    public void Threads_are_in_the_sent_date_order_of_their_first_message() =>
        Assert.Equal("(2 3)(1)", ReferencesOf(M(1, "a", "Later", 60), M(2, "b", "Earlier", 0), M(3, "c", "Re: Earlier", 70, "b")));

    [Fact]
    public void A_missing_parent_with_two_replies_stays_as_a_dummy_at_the_root() =>
        Assert.Equal("((1)(2))", ReferencesOf(M(1, "a", "Re: Gone", 0, "gone"), M(2, "b", "Re: Gone", 1, "gone")));

    [Fact]
    public void A_missing_parent_with_one_reply_is_replaced_by_it() =>
        Assert.Equal("(1)(2)", ReferencesOf(M(1, "a", "Re: Gone", 0, "gone"), M(2, "b", "Other", 1)));

    [Fact]
    public void A_missing_message_inside_a_thread_is_pruned_and_its_children_promoted() =>
        // 3 answers a message that answered 1 and is not in the mailbox: 3 becomes 1's child.
        Assert.Equal("(1 (2)(3))", ReferencesOf(M(1, "a", "Plan", 0), M(2, "b", "Re: Plan", 1, "a"), M(3, "c", "Re: Plan", 2, "a", "gone")));

    [Fact]
    public void A_dummy_whose_first_child_is_dated_sorts_the_thread() =>
        Assert.Equal("(3)((2)(1))", ReferencesOf(M(1, "a", "Re: Gone", 20, "gone"), M(2, "b", "Re: Gone", 10, "gone"), M(3, "c", "First", 0)));

    [Fact]
    public void A_message_s_own_references_override_a_link_made_by_another_message() =>
        // 2's References make 3 ("c") a child of 1; 3's own References say its parent is a missing "x", which wins;
        // the dummy "x" has only 3 under it at the root, so 3 takes its place.
        Assert.Equal("(1)(3 2)", ReferencesOf(M(1, "a", "One", 0), M(2, "d", "Two", 20, "a", "c"), M(3, "c", "Three", 10, "x")));

    [Fact]
    public void References_that_would_make_a_loop_are_not_linked() =>
        Assert.Equal("(2 1)", ReferencesOf(M(1, "a", "One", 0, "b"), M(2, "b", "Two", 10, "a")));

    [Fact]
    public void Duplicate_and_missing_message_ids_get_ids_of_their_own() =>
        // 2 repeats 1's Message-ID; 3 answers that id and goes under 1; 4 and 5 have none.
        Assert.Equal("(1 3)(2)(4)(5)", ReferencesOf(M(1, "a", "One", 0), M(2, "a", "Two", 1), M(3, "c", "Three", 2, "a"),
            M(4, null, "Four", 3), M(5, "", "Five", 4)));

    [Fact]
    public void A_reply_without_references_joins_the_thread_of_its_subject() =>
        Assert.Equal("(1 2)", ReferencesOf(M(1, "a", "Lunch", 0), M(2, "b", "Re: lunch", 1)));

    [Fact]
    public void The_original_subject_becomes_the_parent_even_when_the_reply_came_first() =>
        Assert.Equal("(2 1)", ReferencesOf(M(1, "a", "RE: [team] Lunch", 10), M(2, "b", "Lunch", 0)));

    [Theory]
    [InlineData("Lunch", "Lunch")]
    [InlineData("Re: Lunch", "Fwd: Lunch")]
    [InlineData("[team] Lunch", "Lunch")]
    public void Roots_of_the_same_subject_neither_a_reply_of_the_other_go_under_a_new_dummy(string first, string second) =>
        Assert.Equal("((1)(2))", ReferencesOf(M(1, "a", first, 0), M(2, "b", second, 1)));

    [Fact]
    public void Subject_gathering_puts_a_message_under_a_dummy_of_the_same_subject() =>
        Assert.Equal("((1)(2)(3))", ReferencesOf(M(1, "a", "Re: Gone", 0, "gone"), M(2, "b", "Re: Gone", 1, "gone"), M(3, "c", "Gone", 2)));

    [Fact]
    public void Two_dummies_of_the_same_subject_merge_their_children() =>
        Assert.Equal("((1)(3)(2)(4))", ReferencesOf(M(1, "a", "Re: Gone", 0, "x"), M(2, "b", "Re: Gone", 2, "x"),
            M(3, "c", "Re: Gone", 1, "y"), M(4, "d", "Re: Gone", 3, "y")));

    [Fact]
    public void Empty_subjects_are_not_gathered() =>
        Assert.Equal("(1)(2)", ReferencesOf(M(1, "a", "", 0), M(2, "b", "Re:", 1)));

    [Fact]
    public void No_messages_make_no_threads() => Assert.Equal("", ReferencesOf());

    [Fact]
    public void Ordered_subject_threads_by_base_subject_with_the_first_sent_as_parent() =>
        Assert.Equal("(5)(2 (1)(6))(3 4)", OrderedSubjectOf(M(1, "a", "Lunch", 20), M(2, "b", "Re: lunch", 10), M(3, "c", "Budget", 30),
            M(4, "d", "Re: Budget", 40), M(5, "e", "Zebra", 0), M(6, "f", "Re: Lunch", 50)));

    [Fact]
    public void Ordered_subject_ignores_references() =>
        Assert.Equal("(1)(2)", OrderedSubjectOf(M(1, "a", "One", 0), M(2, "b", "Two", 1, "a")));

    [Theory]
    [InlineData("Re: hello", true)]
    [InlineData("hello (fwd)", true)]
    [InlineData("[Fwd: hello]", true)]
    [InlineData("[list] Fw: hello", true)]
    [InlineData("[list] hello", false)]
    [InlineData("hello", false)]
    [InlineData("Regarding hello", false)]
    [InlineData(null, false)]
    public void The_base_subject_tells_a_reply_or_forward(string? subject, bool expected) =>
        Assert.Equal(expected, BaseSubject.IsReplyOrForward(subject));
}
