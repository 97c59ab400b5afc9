// libFuzzer's driver, which the fuzz binary's main calls (libFuzzer comes with clang's runtime
// and is linked by -sanitize=fuzzer).
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerRunDriver(int *argc, char ***argv, int (*callback)(const uint8_t *data, size_t size));
