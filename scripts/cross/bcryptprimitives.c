/* A stand-in for Windows 10's bcryptprimitives.dll, for Wine 8.0 (Debian
 * bookworm), which lacks it. Rust's std (1.78 and later) imports ProcessPrng
 * from it for HashMap seeds and other randomness; without it every Rust .exe
 * exits at load with status 53. This forwards to BCryptGenRandom, which Wine
 * has. scripts/cross-check builds it with MinGW and copies it into the Wine
 * prefix's system32. Never shipped: it only exists so the tests run. */
#include <windows.h>
#include <bcrypt.h>

__declspec(dllexport) BOOL WINAPI ProcessPrng(PBYTE data, SIZE_T len)
{
    while (len > 0) {
        ULONG n = len > 0x10000000 ? 0x10000000 : (ULONG)len;
        if (BCryptGenRandom(NULL, data, n, BCRYPT_USE_SYSTEM_PREFERRED_RNG) != 0)
            return FALSE;
        data += n;
        len -= n;
    }
    return TRUE;
}
