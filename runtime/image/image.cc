// Image writer and reader. The writer is a straight canonical serialisation; the reader decodes
// through a bounds-checked cursor (every read can fail, nothing is read past the end, counts are
// checked against both the limits and the bytes left before anything is allocated) and then hands
// the decoded Program to VerifyProgram. See paicha/rt/image.h for the layout.
#include "paicha/rt/image.h"

#include <re2/re2.h>

#include <cstring>
#include <fstream>
#include <iterator>
#include <sstream>

namespace paicha::rt {

bool IsValidUtf8ForImage(std::string_view s);  // verify.cc

namespace {

constexpr char kMagic[8] = {'P', 'A', 'I', 'C', 'H', 'A', '\x1a', '\n'};
constexpr uint32_t kEndianSentinel = 0x0A0B0C0D;
constexpr int64_t kIntSentinel = 0x5678;

// Section tags, in the order they appear. ORDER SECTION: part of the format.
enum Tag : uint32_t {
  kMeta = 1,
  kSchema,
  kConstants,
  kCode,
  kSegments,
  kLets,
  kSections,
  kItems,
  kGrades,
  kColours,
  kSituations,
  kFiles,
  kLines,
  kTagEnd,
};
constexpr uint32_t kSectionCount = kTagEnd - 1;

// ---- Writer ----------------------------------------------------------------------------------

class Out {
 public:
  void U8(uint8_t v) { s_.push_back(static_cast<char>(v)); }
  void U16(uint16_t v) {
    U8(static_cast<uint8_t>(v));
    U8(static_cast<uint8_t>(v >> 8));
  }
  void U32(uint32_t v) {
    for (int i = 0; i < 4; ++i) U8(static_cast<uint8_t>(v >> (8 * i)));
  }
  void I32(int32_t v) { U32(static_cast<uint32_t>(v)); }
  void I64(int64_t v) {
    const auto u = static_cast<uint64_t>(v);
    for (int i = 0; i < 8; ++i) U8(static_cast<uint8_t>(u >> (8 * i)));
  }
  void Bool(bool b) { U8(b ? 1 : 0); }
  void Str(const std::string& v) {
    U32(static_cast<uint32_t>(v.size()));
    s_.append(v);
  }
  void Dec(const Decimal& d) {
    I64(d.coefficient());
    U8(static_cast<uint8_t>(d.scale()));
  }
  void OptDec(const std::optional<Decimal>& d) {
    Bool(d.has_value());
    if (d) Dec(*d);
  }
  void OptDate(const std::optional<Date>& d) {
    Bool(d.has_value());
    if (d) I32(d->days());
  }
  std::string& str() { return s_; }

 private:
  std::string s_;
};

void WriteType(Out& o, const Type& t) {
  o.U8(static_cast<uint8_t>(t.kind));
  o.U8(static_cast<uint8_t>(t.unit));
  o.Bool(t.integral);
  o.I32(t.index);
}

std::string WriteSection(const Program& p, uint32_t tag) {
  Out o;
  switch (tag) {
    case kMeta:
      o.Str(p.meta.title);
      o.Str(p.meta.issuer);
      o.Str(p.meta.docno);
      o.Str(p.meta.version);
      o.Str(p.meta.supersedes);
      o.OptDate(p.meta.issued);
      o.OptDate(p.meta.effective);
      break;
    case kSchema:
      o.U32(static_cast<uint32_t>(p.schema.enums.size()));
      for (const EnumDef& e : p.schema.enums) {
        o.Str(e.name);
        o.U32(static_cast<uint32_t>(e.members.size()));
        for (const EnumMember& m : e.members) {
          o.Str(m.name);
          o.Str(m.label);
        }
      }
      o.U32(static_cast<uint32_t>(p.schema.records.size()));
      for (const RecordDef& r : p.schema.records) {
        o.Str(r.name);
        o.U32(static_cast<uint32_t>(r.fields.size()));
        for (const FieldDef& f : r.fields) {
          o.Str(f.name);
          o.Str(f.label);
          o.Str(f.help);
          WriteType(o, f.type);
        }
      }
      o.I32(p.schema.root);
      break;
    case kConstants:
      o.U32(static_cast<uint32_t>(p.constants.size()));
      for (const Constant& c : p.constants) {
        o.U8(static_cast<uint8_t>(c.kind));
        switch (c.kind) {
          case Constant::Kind::kInt:
            o.I64(c.i);
            break;
          case Constant::Kind::kDecimal:
            o.Dec(c.d);
            break;
          case Constant::Kind::kDate:
            o.I32(c.date.days());
            break;
          case Constant::Kind::kText:
          case Constant::Kind::kPattern:
            o.Str(c.s);
            break;
        }
      }
      break;
    case kCode:
      o.U32(static_cast<uint32_t>(p.code.size()));
      for (const Instr& in : p.code) {
        o.U8(static_cast<uint8_t>(in.op));
        o.U8(in.a);
        o.U16(in.b);
        o.U32(in.c);
      }
      break;
    case kSegments:
      o.U32(static_cast<uint32_t>(p.segments.size()));
      for (const Segment& s : p.segments) {
        o.U32(s.begin);
        o.U32(s.end);
      }
      break;
    case kLets:
      o.U32(static_cast<uint32_t>(p.lets.size()));
      for (const LetDecl& l : p.lets) {
        o.Str(l.name);
        o.I32(l.segment);
      }
      break;
    case kSections:
      o.U32(static_cast<uint32_t>(p.sections.size()));
      for (const SectionDecl& s : p.sections) {
        o.Str(s.id);
        o.Str(s.title);
        o.Str(s.explain);
        o.I32(s.parent);
        o.I32(s.applies);
        o.OptDec(s.points);
      }
      break;
    case kItems:
      o.U32(static_cast<uint32_t>(p.items.size()));
      for (const ItemDecl& it : p.items) {
        o.Str(it.id);
        o.Str(it.title);
        o.Str(it.clause);
        o.Str(it.explain);
        o.Str(it.remedy);
        o.Str(it.unverified_reason);
        o.U8(static_cast<uint8_t>(it.level));
        o.I32(it.section);
        o.I32(it.applies);
        o.I32(it.condition);
        o.OptDec(it.deadline_amount);
        o.U8(static_cast<uint8_t>(it.deadline_unit));
        o.OptDec(it.points);
        o.Bool(it.has_deduct);
        o.Dec(it.deduct_amount);
        o.I32(it.deduct_per);
        o.OptDec(it.deduct_cap);
        o.Bool(it.veto);
        o.Bool(it.unverified);
      }
      break;
    case kGrades:
    case kColours: {
      const auto& rules = tag == kGrades ? p.grades : p.colours;
      o.U32(static_cast<uint32_t>(rules.size()));
      for (const GradeDecl& g : rules) {
        o.Str(g.name);
        o.I32(g.segment);
      }
      break;
    }
    case kSituations:
      o.U32(static_cast<uint32_t>(p.situation_labels.size()));
      for (const auto& labels : p.situation_labels) {
        o.U32(static_cast<uint32_t>(labels.size()));
        for (const std::string& l : labels) o.Str(l);
      }
      break;
    case kFiles:
      o.U32(static_cast<uint32_t>(p.files.size()));
      for (const std::string& f : p.files) o.Str(f);
      break;
    case kLines:
      o.U32(static_cast<uint32_t>(p.lines.size()));
      for (const LineInfo& l : p.lines) {
        o.U32(l.pc);
        o.U32(l.file);
        o.U32(l.line);
        o.U32(l.column);
      }
      break;
    default:
      break;
  }
  return std::move(o.str());
}

std::string Payload(const Program& p) {
  std::string sections[kSectionCount];
  for (uint32_t t = 1; t < kTagEnd; ++t) sections[t - 1] = WriteSection(p, t);
  Out o;
  o.U32(kSectionCount);
  uint32_t offset = 4 + kSectionCount * 12;
  for (uint32_t t = 1; t < kTagEnd; ++t) {
    o.U32(t);
    o.U32(offset);
    o.U32(static_cast<uint32_t>(sections[t - 1].size()));
    offset += static_cast<uint32_t>(sections[t - 1].size());
  }
  for (const std::string& s : sections) o.str().append(s);
  return std::move(o.str());
}

// ---- Reader ----------------------------------------------------------------------------------

// A bounds-checked little-endian cursor. After the first failure every read fails and returns
// zero values; callers check ok() at convenient points (never index with an unchecked value).
class In {
 public:
  explicit In(std::string_view s) : s_(s) {}
  bool ok() const { return ok_; }
  bool at_end() const { return pos_ == s_.size(); }
  size_t left() const { return s_.size() - pos_; }
  void Fail(std::string why) {
    if (ok_) why_ = std::move(why);
    ok_ = false;
  }
  const std::string& why() const { return why_; }

  uint8_t U8() {
    if (!Need(1)) return 0;
    return static_cast<uint8_t>(s_[pos_++]);
  }
  uint16_t U16() {
    uint16_t lo = U8();
    uint16_t hi = U8();
    return static_cast<uint16_t>(lo | (hi << 8));
  }
  uint32_t U32() {
    if (!Need(4)) return 0;
    uint32_t v = 0;
    for (int i = 0; i < 4; ++i) v |= uint32_t{static_cast<uint8_t>(s_[pos_++])} << (8 * i);
    return v;
  }
  int32_t I32() { return static_cast<int32_t>(U32()); }
  int64_t I64() {
    if (!Need(8)) return 0;
    uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v |= uint64_t{static_cast<uint8_t>(s_[pos_++])} << (8 * i);
    return static_cast<int64_t>(v);
  }
  bool Bool() {
    uint8_t b = U8();
    if (b > 1) Fail("boolean byte is not 0 or 1");
    return b == 1;
  }
  std::string Str() {
    uint32_t n = U32();
    if (!Need(n)) return {};
    std::string v(s_.substr(pos_, n));
    pos_ += n;
    if (!IsValidUtf8ForImage(v)) Fail("string is not valid UTF-8");
    return v;
  }
  Decimal Dec() {
    int64_t c = I64();
    uint8_t sc = U8();
    auto d = Decimal::Make(c, sc);
    if (!d) {
      Fail("decimal scale out of range");
      return {};
    }
    return *d;
  }
  std::optional<Decimal> OptDec() {
    if (!Bool()) return std::nullopt;
    return Dec();
  }
  Date DateV() {
    int32_t days = I32();
    auto d = Date::FromDays(days);
    if (!d) {
      Fail("date out of range");
      return {};
    }
    return *d;
  }
  std::optional<Date> OptDate() {
    if (!Bool()) return std::nullopt;
    return DateV();
  }
  // A count of elements of at least `min_bytes` each: fails when it exceeds the table limit or
  // cannot fit in the bytes left (so no allocation is driven by a forged count).
  uint32_t Count(size_t min_bytes, uint32_t limit = kMaxTableSize) {
    uint32_t n = U32();
    if (!ok_) return 0;
    if (n > limit || static_cast<uint64_t>(n) * min_bytes > left()) {
      Fail("element count out of range");
      return 0;
    }
    return n;
  }

 private:
  bool Need(size_t n) {
    if (!ok_) return false;
    if (left() < n) {
      Fail("unexpected end of section");
      return false;
    }
    return true;
  }
  std::string_view s_;
  size_t pos_ = 0;
  bool ok_ = true;
  std::string why_;
};

Type ReadType(In& in) {
  Type t;
  uint8_t kind = in.U8();
  uint8_t unit = in.U8();
  t.integral = in.Bool();
  t.index = in.I32();
  if (kind > static_cast<uint8_t>(TypeKind::kList)) in.Fail("bad type kind");
  if (!IsValidUnitId(unit)) in.Fail("bad unit");
  t.kind = static_cast<TypeKind>(in.ok() ? kind : 0);
  t.unit = static_cast<UnitId>(in.ok() ? unit : 0);
  return t;
}

void ReadSection(In& in, uint32_t tag, Program* p) {
  switch (tag) {
    case kMeta:
      p->meta.title = in.Str();
      p->meta.issuer = in.Str();
      p->meta.docno = in.Str();
      p->meta.version = in.Str();
      p->meta.supersedes = in.Str();
      p->meta.issued = in.OptDate();
      p->meta.effective = in.OptDate();
      break;
    case kSchema: {
      uint32_t ne = in.Count(8);
      p->schema.enums.resize(ne);
      for (EnumDef& e : p->schema.enums) {
        e.name = in.Str();
        uint32_t nm = in.Count(8);
        e.members.resize(nm);
        for (EnumMember& m : e.members) {
          m.name = in.Str();
          m.label = in.Str();
        }
      }
      uint32_t nr = in.Count(8);
      p->schema.records.resize(nr);
      for (RecordDef& r : p->schema.records) {
        r.name = in.Str();
        uint32_t nf = in.Count(19);
        r.fields.resize(nf);
        for (FieldDef& f : r.fields) {
          f.name = in.Str();
          f.label = in.Str();
          f.help = in.Str();
          f.type = ReadType(in);
        }
      }
      p->schema.root = in.I32();
      break;
    }
    case kConstants: {
      uint32_t n = in.Count(5);
      p->constants.resize(n);
      for (Constant& c : p->constants) {
        uint8_t kind = in.U8();
        if (kind > static_cast<uint8_t>(Constant::Kind::kPattern)) {
          in.Fail("bad constant kind");
          return;
        }
        c.kind = static_cast<Constant::Kind>(kind);
        switch (c.kind) {
          case Constant::Kind::kInt:
            c.i = in.I64();
            break;
          case Constant::Kind::kDecimal:
            c.d = in.Dec();
            break;
          case Constant::Kind::kDate:
            c.date = in.DateV();
            break;
          case Constant::Kind::kText:
          case Constant::Kind::kPattern:
            c.s = in.Str();
            break;
        }
      }
      break;
    }
    case kCode: {
      uint32_t n = in.Count(8, kMaxCode);
      p->code.resize(n);
      for (Instr& ins : p->code) {
        uint8_t op = in.U8();
        if (op >= kOpcodeCount) {
          in.Fail("invalid opcode");
          return;
        }
        ins.op = static_cast<Opcode>(op);
        ins.a = in.U8();
        ins.b = in.U16();
        ins.c = in.U32();
      }
      break;
    }
    case kSegments: {
      uint32_t n = in.Count(8);
      p->segments.resize(n);
      for (Segment& s : p->segments) {
        s.begin = in.U32();
        s.end = in.U32();
      }
      break;
    }
    case kLets: {
      uint32_t n = in.Count(8);
      p->lets.resize(n);
      for (LetDecl& l : p->lets) {
        l.name = in.Str();
        l.segment = in.I32();
      }
      break;
    }
    case kSections: {
      uint32_t n = in.Count(21);
      p->sections.resize(n);
      for (SectionDecl& s : p->sections) {
        s.id = in.Str();
        s.title = in.Str();
        s.explain = in.Str();
        s.parent = in.I32();
        s.applies = in.I32();
        s.points = in.OptDec();
      }
      break;
    }
    case kItems: {
      uint32_t n = in.Count(40);
      p->items.resize(n);
      for (ItemDecl& it : p->items) {
        it.id = in.Str();
        it.title = in.Str();
        it.clause = in.Str();
        it.explain = in.Str();
        it.remedy = in.Str();
        it.unverified_reason = in.Str();
        uint8_t level = in.U8();
        if (level > static_cast<uint8_t>(Level::kNonconformity)) in.Fail("bad level");
        it.level = static_cast<Level>(in.ok() ? level : 0);
        it.section = in.I32();
        it.applies = in.I32();
        it.condition = in.I32();
        it.deadline_amount = in.OptDec();
        uint8_t unit = in.U8();
        if (!IsValidUnitId(unit)) in.Fail("bad unit");
        it.deadline_unit = static_cast<UnitId>(in.ok() ? unit : 0);
        it.points = in.OptDec();
        it.has_deduct = in.Bool();
        it.deduct_amount = in.Dec();
        it.deduct_per = in.I32();
        it.deduct_cap = in.OptDec();
        it.veto = in.Bool();
        it.unverified = in.Bool();
        if (!in.ok()) return;
      }
      break;
    }
    case kGrades:
    case kColours: {
      auto& rules = tag == kGrades ? p->grades : p->colours;
      uint32_t n = in.Count(8);
      rules.resize(n);
      for (GradeDecl& g : rules) {
        g.name = in.Str();
        g.segment = in.I32();
      }
      break;
    }
    case kSituations: {
      uint32_t n = in.Count(4);
      p->situation_labels.resize(n);
      for (auto& labels : p->situation_labels) {
        uint32_t m = in.Count(4, kMaxListOperands);
        labels.resize(m);
        for (std::string& l : labels) l = in.Str();
      }
      break;
    }
    case kFiles: {
      uint32_t n = in.Count(4);
      p->files.resize(n);
      for (std::string& f : p->files) f = in.Str();
      break;
    }
    case kLines: {
      uint32_t n = in.Count(16);
      p->lines.resize(n);
      for (LineInfo& l : p->lines) {
        l.pc = in.U32();
        l.file = in.U32();
        l.line = in.U32();
        l.column = in.U32();
      }
      break;
    }
    default:
      in.Fail("unknown section");
  }
}

// Byte i of a lowercase hex string (Sha256Hex output).
uint8_t HexByte(const std::string& hex, size_t i) {
  auto nibble = [](char c) { return c <= '9' ? c - '0' : c - 'a' + 10; };
  return static_cast<uint8_t>(nibble(hex[2 * i]) * 16 + nibble(hex[2 * i + 1]));
}

ImageError Error(ImageErrorCode code, std::string detail = {}) {
  ImageError e;
  e.code = code;
  e.detail = std::move(detail);
  return e;
}

// Compiles the RE2 patterns; returns "" or the first failure.
std::string CompilePatterns(Program* p) {
  for (Constant& c : p->constants) {
    if (c.kind != Constant::Kind::kPattern) continue;
    RE2::Options opt;
    opt.set_log_errors(false);
    opt.set_encoding(RE2::Options::EncodingUTF8);
    auto re = std::make_shared<const RE2>(c.s, opt);
    if (!re->ok()) return "pattern does not compile: " + re->error();
    c.re = std::move(re);
    if (std::optional<ByteDfa> dfa = BuildByteDfa(c.s)) {
      c.dfa = std::make_shared<const ByteDfa>(std::move(*dfa));
    }
  }
  return "";
}

}  // namespace

std::string_view ImageError::MessageKey() const {
  switch (code) {
    case ImageErrorCode::kNone:
      return "";
    case ImageErrorCode::kUnreadable:
      return "report.image_unreadable";
    case ImageErrorCode::kTooShort:
      return "report.image_too_short";
    case ImageErrorCode::kBadMagic:
      return "report.image_bad_magic";
    case ImageErrorCode::kVersion:
      return "report.image_version";
    case ImageErrorCode::kPlatform:
      return "report.image_platform";
    case ImageErrorCode::kChecksum:
      return "report.image_checksum";
    case ImageErrorCode::kCorrupt:
      return "report.image_corrupt";
    case ImageErrorCode::kInvalid:
      return "report.image_invalid";
  }
  return "";
}

std::vector<MsgArg> ImageError::Args() const {
  std::vector<MsgArg> args;
  args.push_back({"detail", detail});
  args.push_back({"path", path});
  args.push_back({"found", found});
  args.push_back({"expected", int64_t{kFormatVersion}});
  return args;
}

std::string ImageError::DebugString() const {
  std::string s(MessageKey());
  if (!path.empty()) s += " path=" + path;
  if (code == ImageErrorCode::kVersion) s += " found=" + std::to_string(found);
  if (!detail.empty()) s += ": " + detail;
  return s;
}

std::string WriteImage(const Program& program) {
  const std::string payload = Payload(program);
  Out h;
  for (char c : kMagic) h.U8(static_cast<uint8_t>(c));
  h.U16(kFormatVersion);
  static_assert(sizeof(Instr) == 8, "the image format and ReadImage assume 8-byte instructions");
  h.U8(static_cast<uint8_t>(sizeof(Instr)));
  h.U8(sizeof(int64_t));
  h.U32(kEndianSentinel);
  h.I64(kIntSentinel);
  h.U32(static_cast<uint32_t>(payload.size()));
  h.U32(Crc32(payload));
  const std::string hex = Sha256Hex(payload);
  for (size_t i = 0; i < 32; ++i) h.U8(HexByte(hex, i));
  std::string out = std::move(h.str());
  out.append(payload);
  return out;
}

std::shared_ptr<const Program> ReadImage(std::string_view bytes, ImageError* error) {
  *error = ImageError{};
  if (bytes.size() < kImageHeaderSize) {
    *error = Error(ImageErrorCode::kTooShort);
    return nullptr;
  }
  if (std::memcmp(bytes.data(), kMagic, 8) != 0) {
    *error = Error(ImageErrorCode::kBadMagic);
    return nullptr;
  }
  const uint16_t version =
      static_cast<uint16_t>(static_cast<uint8_t>(bytes[8]) | (static_cast<uint8_t>(bytes[9]) << 8));
  if (version != kFormatVersion) {
    *error = Error(ImageErrorCode::kVersion);
    error->found = version;
    return nullptr;
  }
  In hdr(bytes.substr(10, 54));
  const uint8_t instr_size = hdr.U8();
  const uint8_t int_size = hdr.U8();
  const uint32_t endian = hdr.U32();
  const int64_t int_sentinel = hdr.I64();
  if (instr_size != 8 || int_size != 8 || endian != kEndianSentinel ||
      int_sentinel != kIntSentinel) {
    *error = Error(ImageErrorCode::kPlatform);
    return nullptr;
  }
  const uint32_t payload_size = hdr.U32();
  const uint32_t crc = hdr.U32();
  if (bytes.size() > kMaxImageSize || bytes.size() - kImageHeaderSize != payload_size) {
    *error = Error(bytes.size() - kImageHeaderSize < payload_size ? ImageErrorCode::kTooShort
                                                                  : ImageErrorCode::kCorrupt,
                   "payload size does not match the file size");
    return nullptr;
  }
  const std::string_view payload = bytes.substr(kImageHeaderSize);
  if (Crc32(payload) != crc) {
    *error = Error(ImageErrorCode::kChecksum, "CRC-32 mismatch");
    return nullptr;
  }
  const std::string hex = Sha256Hex(payload);
  for (size_t i = 0; i < 32; ++i) {
    if (static_cast<uint8_t>(bytes[32 + i]) != HexByte(hex, i)) {
      *error = Error(ImageErrorCode::kChecksum, "SHA-256 mismatch");
      return nullptr;
    }
  }

  auto program = std::make_shared<Program>();
  In table(payload);
  const uint32_t count = table.U32();
  if (!table.ok() || count != kSectionCount) {
    *error = Error(ImageErrorCode::kCorrupt, "section table: wrong section count");
    return nullptr;
  }
  uint32_t expect_offset = 4 + kSectionCount * 12;
  for (uint32_t t = 1; t < kTagEnd; ++t) {
    const uint32_t tag = table.U32();
    const uint32_t offset = table.U32();
    const uint32_t size = table.U32();
    if (!table.ok() || tag != t || offset != expect_offset || size > payload.size() ||
        offset > payload.size() - size) {
      *error = Error(ImageErrorCode::kCorrupt, "section table: bad entry " + std::to_string(t));
      return nullptr;
    }
    In sec(payload.substr(offset, size));
    ReadSection(sec, tag, program.get());
    if (sec.ok() && !sec.at_end()) sec.Fail("trailing bytes");
    if (!sec.ok()) {
      *error = Error(ImageErrorCode::kCorrupt, "section " + std::to_string(tag) + ": " + sec.why());
      return nullptr;
    }
    expect_offset = offset + size;
  }
  if (expect_offset != payload.size()) {
    *error = Error(ImageErrorCode::kCorrupt, "trailing bytes after the last section");
    return nullptr;
  }
  std::string why = VerifyProgram(*program);
  if (why.empty()) why = CompilePatterns(program.get());
  if (!why.empty()) {
    *error = Error(ImageErrorCode::kInvalid, why);
    return nullptr;
  }
  program->content_hash = hex;
  return program;
}

std::shared_ptr<const Program> ReadImageFile(const std::string& path, ImageError* error) {
  std::ifstream f(path, std::ios::binary);
  if (!f) {
    *error = Error(ImageErrorCode::kUnreadable);
    error->path = path;
    return nullptr;
  }
  std::string bytes((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
  if (f.bad()) {
    *error = Error(ImageErrorCode::kUnreadable);
    error->path = path;
    return nullptr;
  }
  return ReadImage(bytes, error);
}

std::string ContentHashOf(std::string_view image) {
  if (image.size() < kImageHeaderSize) return "";
  return Sha256Hex(image.substr(kImageHeaderSize));
}

std::string FinishProgram(Program* program) {
  std::string why = VerifyProgram(*program);
  if (why.empty()) why = CompilePatterns(program);
  if (!why.empty()) return why;
  program->content_hash = Sha256Hex(Payload(*program));
  return "";
}

}  // namespace paicha::rt
