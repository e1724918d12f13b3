using Mizugiwa.Tests.Shared;

namespace Mizugiwa.Content.Tests.Dmarc;

/// <summary>The Public Suffix List copy and its test vectors in ../shared/conformance/dmarc-psl.</summary>
internal static class SharedPslFiles
{
    public static string List => SharedFolder.File("conformance", "dmarc-psl", "public_suffix_list.dat");
    public static string Vectors => SharedFolder.File("conformance", "dmarc-psl", "test_psl.txt");
}
