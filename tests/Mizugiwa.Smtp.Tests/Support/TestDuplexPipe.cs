using System.IO.Pipelines;

namespace Mizugiwa.Smtp.Tests.Support;

internal sealed class TestDuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input => input;
    public PipeWriter Output => output;
}
