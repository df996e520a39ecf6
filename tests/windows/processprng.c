/* For tests under Wine only; never shipped.
 *
 * Rust's standard library on Windows takes random bytes (for HashMap keys) from
 * ProcessPrng in bcryptprimitives.dll. Debian's Wine 8.0 has no such DLL, so a
 * Windows program built with Rust does not start there. This DLL, placed beside
 * fachwerk.exe, provides ProcessPrng by calling RtlGenRandom (SystemFunction036 of
 * advapi32), which Wine has. Real Windows (10 and later) has the real DLL.
 *
 * tests/windows.rs builds it with mingw-w64:
 *   x86_64-w64-mingw32-gcc -O2 -shared -s -o bcryptprimitives.dll processprng.c -ladvapi32
 */
#include <windows.h>
#include <ntsecapi.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len) {
  while (len > 0) {
    ULONG chunk = len > 0x10000000 ? 0x10000000 : (ULONG)len;
    if (!RtlGenRandom(data, chunk)) return FALSE;
    data += chunk;
    len -= chunk;
  }
  return TRUE;
}
