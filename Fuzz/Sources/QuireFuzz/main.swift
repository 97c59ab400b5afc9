import CLibFuzzer
import Foundation

// The fuzz binary (built with `-sanitize=fuzzer,address`; scripts/fuzz.sh): libFuzzer's driver
// runs the target named by QUIRE_FUZZ_TARGET on each input, from the corpus folders and with the
// options on the command line.

/// libFuzzer's callback, under the name its runtime also looks for.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data else { return 0 }
    FuzzTarget.chosen?.run(Array(UnsafeBufferPointer(start: data, count: size)))
    return 0
}

let name = ProcessInfo.processInfo.environment["QUIRE_FUZZ_TARGET"] ?? ""
guard let target = FuzzTarget.all[name] else {
    let names = FuzzTarget.all.keys.sorted().joined(separator: ", ")
    FileHandle.standardError.write(Data("quire-fuzz: set QUIRE_FUZZ_TARGET to one of \(names)\n".utf8))
    exit(2)
}
FuzzTarget.chosen = target

var argc = CommandLine.argc
var argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = CommandLine.unsafeArgv
exit(LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput))
