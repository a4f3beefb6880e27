/* Test-only, never shipped. Rust's standard library (1.78 and later) asks Windows 10's
 * bcryptprimitives.dll for random numbers (ProcessPrng); Debian bookworm's Wine 8.0 does not
 * have that DLL yet (Wine 8.13 added it), so the Windows program would not start under it.
 * tools/windows-check builds this stand-in with mingw-w64 and puts it into its own Wine prefix:
 * it answers ProcessPrng with the same system random generator (RtlGenRandom). */
#include <windows.h>

BOOLEAN WINAPI SystemFunction036(PVOID buffer, ULONG length); /* RtlGenRandom, advapi32 */

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T length) {
    while (length > 0) {
        ULONG chunk = length > 0x40000000 ? 0x40000000 : (ULONG)length;
        if (!SystemFunction036(data, chunk)) {
            return FALSE;
        }
        data += chunk;
        length -= chunk;
    }
    return TRUE;
}
