using System.Runtime.InteropServices;

namespace ScimServer.Storage.Sqlite;

/// <summary>
/// Gives the C heap's free memory back to the system. SQLite's page caches live there; glibc keeps what they free in
/// its per-thread arenas, and returns only a free top of the main one by itself: after a load of 30,000 users with the
/// writer's 64 MB cache shrunk back, the server still held 80 MB it no longer used, until <c>malloc_trim</c>.
/// </summary>
internal static class NativeHeap
{
    private static bool unavailable = !OperatingSystem.IsLinux();

    /// <summary>Trims glibc's heap; nothing elsewhere (another OS, or a C library without <c>malloc_trim</c>, e.g. musl).</summary>
    public static void Trim()
    {
        if (unavailable)
        {
            return;
        }

        try
        {
            _ = MallocTrim(0);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            unavailable = true;
        }
    }

    // DllImport, not LibraryImport: an int and a size need no marshalling, and LibraryImport would make the project unsafe.
    [DllImport("libc", EntryPoint = "malloc_trim")]
    [DefaultDllImportSearchPaths(DllImportSearchPath.SafeDirectories)]
    private static extern int MallocTrim(nuint pad);
}
