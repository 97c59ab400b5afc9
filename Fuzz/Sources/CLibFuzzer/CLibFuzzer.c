// Only the header matters: LLVMFuzzerRunDriver is defined by libFuzzer itself.
#include "CLibFuzzer.h"
