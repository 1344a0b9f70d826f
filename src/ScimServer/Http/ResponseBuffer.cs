using System.Buffers;
using System.IO.Pipelines;

namespace ScimServer.Http;

/// <summary>
/// Where a read response is written: into a pooled array while it is small, so that it leaves with a
/// <c>Content-Length</c> in one write to the response pipe; once it passes <see cref="Limit"/>, what it holds goes to the
/// pipe and the rest follows straight through (chunked). A GET or an <c>eq</c> filter's answer is one small body:
/// writing it through the pipe piecemeal took the pipe's lock several times against Kestrel's sending thread, and the
/// chunked framing cost a second write.
/// </summary>
internal sealed class ResponseBuffer(PipeWriter body) : IBufferWriter<byte>, IDisposable
{
    public const int Limit = 16 * 1024;

    private byte[]? _buffer = ArrayPool<byte>.Shared.Rent(4096);
    private int _written;

    public int Written => _written;

    public void Advance(int count)
    {
        if (_buffer is null)
        {
            body.Advance(count);
        }

        _written += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0) => _buffer is null ? body.GetMemory(sizeHint) : Reserve(sizeHint);

    public Span<byte> GetSpan(int sizeHint = 0) => _buffer is null ? body.GetSpan(sizeHint) : Reserve(sizeHint).Span;

    /// <summary>Hands what is held to the pipe and lets the rest through (the response then has no Content-Length).</summary>
    public void Spill()
    {
        if (_buffer is { } held)
        {
            body.Write(held.AsSpan(0, _written));
            ArrayPool<byte>.Shared.Return(held);
            _buffer = null;
        }
    }

    /// <summary>Sends the held body in one write, with its length; or, when spilled, what the pipe has.</summary>
    public async Task CompleteAsync(HttpResponse response, CancellationToken cancellationToken)
    {
        if (_buffer is { } held)
        {
            response.ContentLength = _written;
            body.Write(held.AsSpan(0, _written));
            ArrayPool<byte>.Shared.Return(held);
            _buffer = null;
        }

        await body.FlushAsync(cancellationToken);
    }

    public void Dispose()
    {
        if (_buffer is { } held)
        {
            ArrayPool<byte>.Shared.Return(held);
            _buffer = null;
        }
    }

    private Memory<byte> Reserve(int sizeHint)
    {
        var needed = _written + Math.Max(sizeHint, 256);
        if (needed > _buffer!.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(needed, _buffer.Length * 2));
            _buffer.AsSpan(0, _written).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsMemory(_written);
    }
}
