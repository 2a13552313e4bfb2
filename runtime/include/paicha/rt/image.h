// The rulebook image: the file `paicha build` writes and `paicha eval` loads. It is a canonical,
// self-checking serialisation of an rt::Program (program.h).
//
// Layout (all integers little endian; Lua lundump.c checkHeader style):
//
//   offset size  field
//   0      8     magic "PAICHA\x1a\n" (\x1a stops `type` on DOS, \n catches text-mode mangling)
//   8      2     format version (kFormatVersion); any other value is rejected
//   10     1     instruction size (8) — sentinel
//   11     1     sizeof(int64) (8) — sentinel
//   12     4     0x0A0B0C0D — endianness sentinel
//   16     8     int64 0x5678 (as Lua's LUAC_INT) — integer format sentinel
//   24     4     payload size in bytes (the image is exactly 64 + payload size bytes)
//   28     4     CRC-32 (IEEE) of the payload: cheap corruption check
//   32     32    SHA-256 of the payload: the rulebook's content hash (shown in reports)
//   64     ...   payload: u32 section count, then {u32 tag, u32 offset, u32 size} per section
//                (offsets relative to the payload), then the sections, each tag exactly once,
//                in tag order, contiguous. Strings are u32 length + UTF-8 bytes; decimals are
//                int64 coefficient + u8 scale; dates int32 days; optionals a u8 0/1 flag.
//
// Canonical: the same Program always serialises to the same bytes, so the SHA-256 of the payload
// identifies the rulebook's content; two builds of the same source give the same hash.
//
// Trust: ReadImage never trusts its input. It checks bounds of every offset and length, counts
// against limits before allocating, UTF-8 of every string, the schema's invariants, and runs the
// bytecode verifier (opcodes, operand ranges, jump targets, loop structure, stack depth). A
// hostile image gives an ImageError, never undefined behaviour.
//
// Thread safety: all functions are reentrant.
#ifndef PAICHA_RT_IMAGE_H_
#define PAICHA_RT_IMAGE_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "paicha/rt/messages.h"
#include "paicha/rt/program.h"

namespace paicha::rt {

inline constexpr uint16_t kFormatVersion = 2;  // 2: superinstructions InputPath..CmpLet
inline constexpr size_t kImageHeaderSize = 64;
// An image larger than this is rejected before reading (a rulebook image is a few hundred KiB).
inline constexpr size_t kMaxImageSize = size_t{256} << 20;

// Why an image was rejected. Each code has a message key "report.image_<code>" in
// locales/report; `detail` is a short English technical note (offset, table, reason) passed as the
// argument {detail}, and `found` the found version for kVersion.
enum class ImageErrorCode : uint8_t {
  kNone = 0,
  kUnreadable,  // LoadFile: the file cannot be read            (args: path)
  kTooShort,    // shorter than the header or than the payload size says
  kBadMagic,    // not a paicha image
  kVersion,     // another format version                      (args: found, expected)
  kPlatform,    // a sentinel does not match
  kChecksum,    // CRC-32 or SHA-256 mismatch: the file is damaged
  kCorrupt,     // a structural error in a section             (args: detail)
  kInvalid,     // decodes, but the program fails verification (args: detail)
};

struct ImageError {
  ImageErrorCode code = ImageErrorCode::kNone;
  std::string detail;
  std::string path;   // kUnreadable
  int64_t found = 0;  // kVersion

  bool ok() const { return code == ImageErrorCode::kNone; }
  // "report.image_bad_magic", ...; "" for kNone.
  std::string_view MessageKey() const;
  // The arguments for Catalog::Format(MessageKey(), Args()).
  std::vector<MsgArg> Args() const;
  // One English line for logs and tests ("corrupt image: items: string is not UTF-8").
  std::string DebugString() const;
};

// Serialises `program` canonically. Requires a program that passes VerifyProgram() (the
// compiler's output); the result round-trips through ReadImage to an equal Program. Sets nothing
// in `program`; the content hash of the returned bytes is ContentHashOf(bytes).
std::string WriteImage(const Program& program);

// Decodes and verifies an image. On success returns the program (patterns compiled,
// content_hash set) and leaves *error as kNone; on failure returns nullptr and fills *error.
// `error` must not be null.
std::shared_ptr<const Program> ReadImage(std::string_view bytes, ImageError* error);

// Reads the whole file at `path` and calls ReadImage.
std::shared_ptr<const Program> ReadImageFile(const std::string& path, ImageError* error);

// Checks a Program built in memory (ProgramBuilder, tests) with the same verifier the reader
// uses, compiles its patterns and sets content_hash from its canonical image. Returns "" when
// valid, else the English description of the first problem (as ImageError::detail).
std::string FinishProgram(Program* program);

// The bytecode and table verifier (see the invariants in program.h). Returns "" when valid.
// Does not compile patterns. Deterministic, linear in the program size.
std::string VerifyProgram(const Program& program);

// The content hash of an image as WriteImage produced it: the hex SHA-256 of its payload (the bytes
// after the 64-byte header), the same string ReadImage stores in Program::content_hash. "" when
// `image` is shorter than the header. Does not validate anything.
std::string ContentHashOf(std::string_view image);

// Hex SHA-256 of `data` (64 lowercase digits) and CRC-32 (IEEE 802.3), exposed for tests/tools.
std::string Sha256Hex(std::string_view data);
uint32_t Crc32(std::string_view data);

}  // namespace paicha::rt

#endif  // PAICHA_RT_IMAGE_H_
