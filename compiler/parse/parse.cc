// The parser driver: validation, lexing with repairs, the nesting pre-scan, SLL/LL parsing with
// our own error strategy, and the hand-off to the AST builder. See parse.h for the contract.
//
// Lexing is done by the hand-written lexer (parse/lexer.h, equivalent to RulebookLexer.g4 and
// tested against it) because ANTLR's lexer is slow on Han text. Its tokens carry BYTE offsets in
// ANTLR's start/stop fields (stop inclusive); everything after lexing (errors, AST spans) works
// in bytes. Token texts are always taken from the Source by byte range, never from ANTLR.
#include "parse/parse.h"

#include <algorithm>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "RulebookLexer.h"
#include "RulebookParser.h"
#include "antlr4-runtime.h"
#include "parse/ast_builder.h"
#include "parse/fast_parser.h"
#include "parse/lexer.h"
#include "parse/token_spelling.h"

namespace paicha::compiler {
namespace {

using L = paicha_grammar::RulebookLexer;
using P = paicha_grammar::RulebookParser;
using antlr4::Token;
using parse_internal::RawToken;
using parse_internal::TokenSpelling;

constexpr size_t kNpos = static_cast<size_t>(-1);

// Returns the offset of the first byte that does not start or continue a well-formed UTF-8
// sequence (RFC 3629: no overlongs, no surrogates, nothing above U+10FFFF), or kNpos.
size_t FindInvalidUtf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;  // no surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + 1 >= n) return i;
    unsigned char c1 = static_cast<unsigned char>(s[i + 1]);
    if (c1 < lo || c1 > hi) return i;
    for (size_t k = 2; k < len; ++k) {
      if (i + k >= n) return i;
      unsigned char ck = static_cast<unsigned char>(s[i + k]);
      if (ck < 0x80 || ck > 0xBF) return i;
    }
    i += len;
  }
  return kNpos;
}

size_t Utf8Len(unsigned char lead) {
  if (lead < 0x80) return 1;
  if (lead < 0xE0) return 2;
  if (lead < 0xF0) return 3;
  return 4;
}

// Token kinds that end an operand (so a following `-` is binary, not unary).
bool EndsOperand(size_t t) {
  switch (t) {
    case P::ID:
    case P::INT:
    case P::DECIMAL:
    case P::DATE:
    case P::STRING:
    case P::TRUE:
    case P::FALSE:
    case P::UNIT_SYM:
    case P::RPAREN:
    case P::RBRACKET:
    case P::RBRACE:
    // keywords that are also names (rule `ident`)
    case P::BOOL_T:
    case P::INT_T:
    case P::DECIMAL_T:
    case P::TEXT_T:
    case P::DATE_T:
    case P::DURATION_T:
    case P::LABEL:
    case P::HELP:
    case P::LEVEL:
    case P::CLAUSE:
    case P::EXPLAIN:
    case P::REMEDY:
    case P::DEADLINE:
    case P::POINTS:
    case P::DEDUCT:
    case P::CAP:
    case P::VERSION:
    case P::ISSUER:
    case P::DOCNO:
    case P::ISSUED:
    case P::EFFECTIVE:
    case P::GRADES:
    case P::COLOURS:
    case P::VETO:
    case P::UNVERIFIED:
      return true;
    default:
      return false;
  }
}

// Keywords that only start a declaration or attribute and never occur inside an expression.
bool StartsStatement(size_t t) {
  switch (t) {
    case P::RULEBOOK:
    case P::MODULE:
    case P::SUPERSEDES:
    case P::IMPORT:
    case P::INPUT:
    case P::RECORD:
    case P::ENUM:
    case P::RELEVANT:
    case P::LET:
    case P::SECTION:
    case P::ITEM:
    case P::APPLIES:
    case P::WHEN:
    case P::SEMI:
    case P::COMMA:
      return true;
    default:
      return false;
  }
}

// Syntax-error sink shared by the error strategy: renders ANTLR's (token, expected set) pairs
// as our diagnostics and enforces the recovery limit.
class SyntaxErrors {
 public:
  SyntaxErrors(const Source& source, FileId file, DiagnosticSink& sink, bool zh)
      : source_(source), file_(file), sink_(sink), zh_(zh) {}

  size_t count() const { return count_; }
  Span last_span() const { return last_span_; }

  Span SpanOf(Token* t) const {
    if (t == nullptr) return Span{file_, 0, 0};
    uint32_t b = static_cast<uint32_t>(std::min(t->getStartIndex(), source_.text().size()));
    if (t->getType() == Token::EOF || t->getStopIndex() == INVALID_INDEX) return {file_, b, b};
    uint32_t e = static_cast<uint32_t>(std::min(t->getStopIndex() + 1, source_.text().size()));
    return Span{file_, b, std::max(b, e)};
  }

  // Reports one syntax error at `found` expecting `expected`. Returns false when the recovery
  // limit is reached (the caller then stops parsing).
  bool Add(Token* found, const antlr4::misc::IntervalSet& expected) {
    ++count_;
    Span span = SpanOf(found);
    last_span_ = span;
    std::vector<DiagArg> args;
    args.push_back(DiagArg{"expected", RenderExpected(expected)});
    if (found == nullptr || found->getType() == Token::EOF) {
      sink_.Report(DiagKind::kUnexpectedEof, span, std::move(args));
    } else {
      args.push_back(DiagArg{"found", FoundText(span)});
      sink_.Report(DiagKind::kUnexpectedToken, span, std::move(args));
    }
    return count_ < kMaxSyntaxErrors;
  }

 private:
  // The offending token's text, at most 30 code points.
  std::string FoundText(Span span) const {
    std::string_view text(source_.text());
    std::string_view t = text.substr(span.begin, span.end - span.begin);
    size_t i = 0, cps = 0;
    while (i < t.size() && cps < 30) {
      i += Utf8Len(static_cast<unsigned char>(t[i]));
      ++cps;
    }
    std::string out(t.substr(0, std::min(i, t.size())));
    if (i < t.size()) out += "…";
    return out;
  }

  // "“)”、“，”或“；”" (Chinese file) / "\")\", \",\" or \";\"" (English file). Expression
  // starters collapse into one word (表达式 / expression), name-like keywords into 名称 / name.
  std::string RenderExpected(const antlr4::misc::IntervalSet& set) const {
    std::vector<ssize_t> types = set.toList();
    auto has = [&](ssize_t t) { return std::find(types.begin(), types.end(), t) != types.end(); };
    std::vector<std::pair<std::string_view, bool>> words;  // (text, quoted)
    bool expression = has(P::ID) && has(P::INT) && has(P::LPAREN);
    bool name = has(P::ID);
    if (expression) {
      words.emplace_back(zh_ ? "表达式" : "expression", false);
    } else if (name) {
      words.push_back(TokenWord(P::ID));
    }
    // Closing brackets first: when the list is cut, the most likely fix stays visible.
    std::stable_partition(types.begin(), types.end(), [](ssize_t t) {
      return t == P::RPAREN || t == P::RBRACKET || t == P::RBRACE;
    });
    for (ssize_t t : types) {
      if (t != -1 && (t < 1 || t > static_cast<ssize_t>(P::ERROR_CHAR))) continue;
      if (t == P::ID) continue;
      if (name && t != -1 && EndsOperand(static_cast<size_t>(t)) && t != P::RPAREN &&
          t != P::RBRACKET && t != P::RBRACE && t != P::STRING && t != P::INT && t != P::DECIMAL &&
          t != P::DATE && t != P::TRUE && t != P::FALSE && t != P::UNIT_SYM) {
        continue;  // a keyword accepted as a name: covered by 名称 / name
      }
      if (expression && IsExpressionStart(t)) continue;
      words.push_back(TokenWord(t));
    }
    constexpr size_t kMaxWords = 8;
    bool more = words.size() > kMaxWords;
    if (more) words.resize(kMaxWords);
    std::string out;
    for (size_t i = 0; i < words.size(); ++i) {
      if (i > 0) {
        bool last = i + 1 == words.size() && !more;
        out += zh_ ? (last ? "或" : "、") : (last ? " or " : ", ");
      }
      if (words[i].second) out += zh_ ? "“" : "\"";
      out += words[i].first;
      if (words[i].second) out += zh_ ? "”" : "\"";
    }
    if (more) out += zh_ ? "等" : ", …";
    return out;
  }

  std::pair<std::string_view, bool> TokenWord(ssize_t t) const {
    parse_internal::Spelling s = TokenSpelling(static_cast<int64_t>(t), zh_);
    return {s.text, s.quoted};
  }

  static bool IsExpressionStart(ssize_t t) {
    switch (t) {
      case P::INT:
      case P::DECIMAL:
      case P::DATE:
      case P::STRING:
      case P::TRUE:
      case P::FALSE:
      case P::LPAREN:
      case P::LBRACKET:
      case P::NOT:
      case P::MINUS:
      case P::IF:
      case P::ANY_OF:
      case P::ALL_OF:
      case P::AT_LEAST:
      case P::PER:
      case P::BY:
        return true;
      default:
        return t > 0 && EndsOperand(static_cast<size_t>(t)) && t != P::RPAREN && t != P::RBRACKET &&
               t != P::RBRACE && t != P::UNIT_SYM;
    }
  }

  const Source& source_;
  FileId file_;
  DiagnosticSink& sink_;
  bool zh_;
  size_t count_ = 0;
  Span last_span_;
};

// Thrown (and caught in Run::Parse) when the recovery limit is reached.
struct RecoveryLimitReached : antlr4::ParseCancellationException {};

// ANTLR's default recovery with our reporting (no English messages, no console output) and a
// recovery limit (cel-cpp RecoveryLimitErrorStrategy).
class ErrorStrategy : public antlr4::DefaultErrorStrategy {
 public:
  explicit ErrorStrategy(SyntaxErrors* errors) : errors_(errors) {}

  void reportError(antlr4::Parser* recognizer, const antlr4::RecognitionException& e) override {
    if (inErrorRecoveryMode(recognizer)) return;
    beginErrorCondition(recognizer);
    Report(e.getOffendingToken(), e.getExpectedTokens());
  }

 protected:
  void reportUnwantedToken(antlr4::Parser* recognizer) override {
    if (inErrorRecoveryMode(recognizer)) return;
    beginErrorCondition(recognizer);
    Report(recognizer->getCurrentToken(), getExpectedTokens(recognizer));
  }
  void reportMissingToken(antlr4::Parser* recognizer) override {
    if (inErrorRecoveryMode(recognizer)) return;
    beginErrorCondition(recognizer);
    Report(recognizer->getCurrentToken(), getExpectedTokens(recognizer));
  }

 private:
  void Report(Token* t, const antlr4::misc::IntervalSet& expected) {
    if (!errors_->Add(t, expected)) throw RecoveryLimitReached();
  }
  SyntaxErrors* errors_;
};

// The display form of a bad character: itself when printable, else U+XXXX.
std::string CharDisplay(std::string_view text, uint32_t at) {
  unsigned char c = static_cast<unsigned char>(text[at]);
  size_t len = std::min(Utf8Len(c), text.size() - at);
  uint32_t cp = c;
  if (len > 1) {
    cp = c & (0xFF >> (len + 1));
    for (size_t k = 1; k < len; ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(text[at + k]) & 0x3F);
  }
  if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0xFEFF ||
      (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E)) {
    static const char kHex[] = "0123456789ABCDEF";
    std::string out = "U+";
    for (int shift = 12; shift >= 0; shift -= 4) out += kHex[(cp >> shift) & 0xF];
    return out;
  }
  return std::string(text.substr(at, len));
}

// One parse: owns the ANTLR objects, whose lifetimes are tied together (tokens point at the lexer
// and the char stream; the parse tree points at the tokens).
class Run {
 public:
  Run(const Source& source, FileId file, DiagnosticSink& sink)
      : source_(source), text_(source.text()), file_(file), sink_(sink) {}

  // Steps 1-4 of parse.h. Returns false when an error was reported that stops parsing (after
  // lexical errors it returns true: the ANTLR parse still runs to report syntax errors).
  bool Prepare() {
    size_t bad = FindInvalidUtf8(text_);
    if (bad != kNpos) {
      static const char kHex[] = "0123456789ABCDEF";
      unsigned char c = static_cast<unsigned char>(text_[bad]);
      std::string byte = {'0', 'x', kHex[c >> 4], kHex[c & 0xF]};
      sink_.Report(DiagKind::kInvalidUtf8,
                   Span{file_, static_cast<uint32_t>(bad), static_cast<uint32_t>(bad + 1)},
                   {DiagArg{"byte", std::move(byte)}});
      return false;
    }
    if (text_.size() > kMaxSourceBytes) {
      sink_.Report(DiagKind::kFileTooLarge, Span{file_, 0, 0},
                   {DiagArg{"size", static_cast<int64_t>(text_.size())},
                    DiagArg{"limit", static_cast<int64_t>(kMaxSourceBytes)}});
      return false;
    }
    try {
      return Lex() && CheckNesting();
    } catch (const std::exception&) {
    } catch (...) {
    }
    sink_.Report(DiagKind::kParserFailure, Span{file_, 0, 0});
    return false;
  }

  // After Prepare: true when lexing reported errors (only the ANTLR path then runs).
  bool had_errors() const { return had_errors_; }
  // After Prepare: the default-channel tokens, EOF last (the fast parser's input).
  const std::vector<RawToken>& tokens() const { return tokens_; }

  // Step 5 after Prepare. Returns the parse tree, or nullptr when any error was reported.
  P::FileContext* ParseWithAntlr() {
    try {
      return ParseTokens();
    } catch (const std::exception&) {
    } catch (...) {
    }
    sink_.Report(DiagKind::kParserFailure, Span{file_, 0, 0});
    return nullptr;
  }

  std::vector<Span> TakeComments() { return std::move(comments_); }
  P* parser() const { return parser_.get(); }

 private:
  // Lexes the whole file into tokens_ (default channel only, byte offsets, EOF last) with the
  // hand-written lexer (parse/lexer.h), records comments, reports and repairs lexical errors.
  // Returns false if lexing itself failed.
  bool Lex() {
    std::vector<parse_internal::RawToken> raw = parse_internal::Lex(text_);
    tokens_.reserve(raw.size() + 1);
    size_t skip_until = 0;  // tokens starting before this byte were consumed by a repair
    size_t zh_keywords = 0, en_keywords = 0;
    for (size_t k = 0; k < raw.size(); ++k) {
      const parse_internal::RawToken& t = raw[k];
      size_t type = t.type, begin = t.begin, end = t.end;
      if (begin < skip_until) continue;
      Span span{file_, t.begin, t.end};
      if (type == P::LINE_COMMENT || type == P::BLOCK_COMMENT) {
        comments_.push_back(span);
        continue;
      }
      if (type == P::ERROR_CHAR) {
        skip_until = RepairErrorChar(span);
        if (skip_until > begin) tokens_.push_back(MakeToken(P::STRING, begin, skip_until));
        continue;
      }
      if (type == P::SLASH && k + 1 < raw.size() && raw[k + 1].type == P::STAR &&
          raw[k + 1].begin == end && text_[end] == '*') {
        // `/*` that did not lex as BLOCK_COMMENT: no `*/` follows anywhere.
        ++lex_errors_;
        sink_.Report(DiagKind::kUnterminatedComment,
                     Span{file_, static_cast<uint32_t>(begin), static_cast<uint32_t>(end + 1)});
        skip_until = text_.size() + 1;
        continue;
      }
      if (type <= P::GT) {  // keywords and word operators: tally the file's keyword language
        unsigned char c = static_cast<unsigned char>(text_[begin]);
        if (c >= 0x80) {
          ++zh_keywords;
        } else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') {
          ++en_keywords;
        }
      }
      tokens_.push_back(MakeToken(type, begin, end));
    }
    zh_ = zh_keywords >= en_keywords;
    tokens_.push_back(MakeToken(parse_internal::kEofType, text_.size(), text_.size()));
    // After lexical errors parsing still runs on the repaired tokens, to report syntax errors
    // too, but its result is discarded.
    if (lex_errors_ > 0) had_errors_ = true;
    return true;
  }

  // A token of `type` covering bytes [begin, end).
  static RawToken MakeToken(size_t type, size_t begin, size_t end) {
    return RawToken{static_cast<uint32_t>(type), static_cast<uint32_t>(begin),
                    static_cast<uint32_t>(end)};
  }

  // A bad character at `span`: a quote that starts no valid string (unterminated string or an
  // invalid escape), or any other character. Reports it and returns the byte offset up to which
  // the following tokens belong to the repair (a string), or span.begin to just drop it.
  size_t RepairErrorChar(Span span) {
    ++lex_errors_;
    std::string_view text(text_);
    std::string_view ch = text.substr(span.begin, span.end - span.begin);
    std::string_view close;
    if (ch == "\"") close = "\"";
    if (ch == "“") close = "”";
    if (close.empty()) {
      sink_.Report(DiagKind::kBadCharacter, span, {DiagArg{"char", CharDisplay(text, span.begin)}});
      return span.begin;
    }
    size_t i = span.end;
    size_t bad_escape = kNpos;
    while (i < text.size() && text[i] != '\n' && text[i] != '\r') {
      if (text[i] == '\\') {
        std::string_view next = text.substr(i + 1, 3);
        bool ok = !next.empty() && (next[0] == '\\' || next[0] == '"' || next[0] == 'n' ||
                                    next[0] == 't' || next == "“" || next == "”");
        if (!ok && bad_escape == kNpos) bad_escape = i;
        if (i + 1 < text.size() && text[i + 1] != '\n' && text[i + 1] != '\r') {
          i += 1 + Utf8Len(static_cast<unsigned char>(text[i + 1]));
        } else {
          ++i;
        }
        continue;
      }
      if (text.compare(i, close.size(), close) == 0) {
        i += close.size();
        if (bad_escape != kNpos) {
          size_t esc_end =
              std::min(text.size(),
                       bad_escape + 1 + Utf8Len(static_cast<unsigned char>(text[bad_escape + 1])));
          sink_.Report(
              DiagKind::kInvalidEscape,
              Span{file_, static_cast<uint32_t>(bad_escape), static_cast<uint32_t>(esc_end)},
              {DiagArg{"escape", std::string(text.substr(bad_escape, esc_end - bad_escape))}});
          return i;
        }
        // A closing quote exists and no escape is bad: cannot happen for a lexed ERROR_CHAR,
        // but stay total.
        sink_.Report(DiagKind::kBadCharacter, span, {DiagArg{"char", std::string(ch)}});
        return i;
      }
      i += Utf8Len(static_cast<unsigned char>(text[i]));
    }
    i = std::min(i, text.size());
    sink_.Report(DiagKind::kUnterminatedString, Span{file_, span.begin, static_cast<uint32_t>(i)});
    return i;
  }

  // Step 4: the nesting pre-scan (see kMaxNestingDepth). Depth counts open brackets plus, at
  // each bracket level, the unbracketed recursive constructs still open: a run of prefix
  // operators (非, unary -) until its operand, and 如果/?/至少/每/截止 until the statement or
  // argument ends (`;`, `,` or a declaration keyword). Conservative: it may over-count a long
  // sequence of such constructs in one expression, never under-count ANTLR's recursion.
  bool CheckNesting() {
    struct Level {
      uint32_t base;    // depth of this bracket level
      uint32_t sticky;  // open 如果/?/至少/每/截止 at this level
      uint32_t run;     // current run of prefix operators at this level
    };
    std::vector<Level> stack{{0, 0, 0}};
    size_t prev = Token::INVALID_TYPE;
    for (const RawToken& t : tokens_) {
      size_t type = t.type;
      Level& top = stack.back();
      switch (type) {
        case P::LPAREN:
        case P::LBRACE:
        case P::LBRACKET:
          stack.push_back({top.base + top.sticky + top.run + 1, 0, 0});
          break;
        case P::RPAREN:
        case P::RBRACE:
        case P::RBRACKET:
          if (stack.size() > 1) stack.pop_back();
          stack.back().run = 0;
          break;
        case P::NOT:
          ++top.run;
          break;
        case P::MINUS:
          if (EndsOperand(prev)) {
            top.run = 0;
          } else {
            ++top.run;
          }
          break;
        case P::IF:
        case P::QUESTION:
        case P::AT_LEAST:
        case P::PER:
        case P::BY:
          top.sticky += top.run + 1;
          top.run = 0;
          break;
        default:
          if (StartsStatement(type)) {
            top.sticky = 0;
          }
          top.run = 0;
      }
      const Level& now = stack.back();
      if (now.base + now.sticky + now.run > kMaxNestingDepth) {
        sink_.Report(DiagKind::kNestingTooDeep, Span{file_, t.begin, t.end},
                     {DiagArg{"limit", static_cast<int64_t>(kMaxNestingDepth)}});
        return false;
      }
      prev = type;
    }
    return true;
  }

  // Step 5: SLL first; on failure, rewind and parse again with full LL and error recovery.
  P::FileContext* ParseTokens() {
    // The parser's tokens need a token source and char stream (ANTLR's missing-token recovery
    // dereferences them); an idle lexer on empty input serves. Token texts are never read
    // through them. ANTLR's stop index is inclusive.
    input_ = std::make_unique<antlr4::ANTLRInputStream>(std::string());
    lexer_ = std::make_unique<L>(input_.get());
    lexer_->removeErrorListeners();
    std::vector<std::unique_ptr<Token>> tokens;
    tokens.reserve(tokens_.size());
    for (const RawToken& t : tokens_) {
      size_t type = t.type == parse_internal::kEofType ? Token::EOF : t.type;
      tokens.push_back(std::make_unique<antlr4::CommonToken>(
          std::pair<antlr4::TokenSource*, antlr4::CharStream*>(lexer_.get(), input_.get()), type,
          Token::DEFAULT_CHANNEL, t.begin, t.end - 1));
    }
    token_source_ = std::make_unique<antlr4::ListTokenSource>(std::move(tokens));
    stream_ = std::make_unique<antlr4::CommonTokenStream>(token_source_.get());
    parser_ = std::make_unique<P>(stream_.get());
    parser_->removeErrorListeners();
    auto* sim = parser_->getInterpreter<antlr4::atn::ParserATNSimulator>();
    if (!had_errors_) {
      parser_->setErrorHandler(std::make_shared<antlr4::BailErrorStrategy>());
      sim->setPredictionMode(antlr4::atn::PredictionMode::SLL);
      try {
        P::FileContext* tree = parser_->file();
        return tree;
      } catch (const antlr4::ParseCancellationException&) {
        // fall through to LL with recovery
      }
      stream_->seek(0);
      parser_->reset();
    }
    SyntaxErrors errors(source_, file_, sink_, zh_);
    parser_->setErrorHandler(std::make_shared<ErrorStrategy>(&errors));
    sim->setPredictionMode(antlr4::atn::PredictionMode::LL);
    P::FileContext* tree = nullptr;
    try {
      tree = parser_->file();
    } catch (const RecoveryLimitReached&) {
      sink_.Report(DiagKind::kTooManySyntaxErrors, errors.last_span(),
                   {DiagArg{"limit", static_cast<int64_t>(kMaxSyntaxErrors)}});
      return nullptr;
    }
    if (errors.count() > 0 || had_errors_) return nullptr;
    return tree;
  }

  const Source& source_;
  const std::string& text_;
  FileId file_;
  DiagnosticSink& sink_;
  bool zh_ = true;
  bool had_errors_ = false;
  size_t lex_errors_ = 0;
  std::vector<Span> comments_;
  std::vector<RawToken> tokens_;
  // Destruction order matters: parser, stream, token source, lexer, input (reverse of below).
  std::unique_ptr<antlr4::ANTLRInputStream> input_;
  std::unique_ptr<L> lexer_;
  std::unique_ptr<antlr4::ListTokenSource> token_source_;
  std::unique_ptr<antlr4::CommonTokenStream> stream_;
  std::unique_ptr<P> parser_;
};

// LISP-style tree, token texts from the source (see ParseTreeText).
void PrintTree(antlr4::tree::ParseTree* node, const std::vector<std::string>& rule_names,
               const std::string& text, std::string& out) {
  if (auto* term = dynamic_cast<antlr4::tree::TerminalNode*>(node)) {
    Token* t = term->getSymbol();
    if (t->getType() == Token::EOF) {
      out += "<EOF>";
    } else {
      size_t b = std::min(t->getStartIndex(), text.size());
      size_t e = std::min(t->getStopIndex() + 1, text.size());
      out.append(text, b, e > b ? e - b : 0);
    }
    return;
  }
  auto* ctx = dynamic_cast<antlr4::ParserRuleContext*>(node);
  if (ctx == nullptr) return;
  out += '(';
  out += rule_names.at(ctx->getRuleIndex());
  for (antlr4::tree::ParseTree* child : ctx->children) {
    out += ' ';
    PrintTree(child, rule_names, text, out);
  }
  out += ')';
}

}  // namespace

std::unique_ptr<ast::File> ParseFile(const Source& source, FileId file, DiagnosticSink& sink,
                                     const ParseOptions& options) {
  try {
    Run run(source, file, sink);
    if (!run.Prepare()) return nullptr;
    if (options.path != ParserPath::kAntlr && !run.had_errors()) {
      std::unique_ptr<ast::File> f = parse_internal::FastParse(run.tokens(), source, file);
      if (f != nullptr) {
        f->comments = run.TakeComments();
        return f;
      }
    }
    if (options.path == ParserPath::kFastOnly) return nullptr;
    P::FileContext* tree = run.ParseWithAntlr();
    if (tree == nullptr) return nullptr;
    return parse_internal::BuildAst(tree, source, file, sink, run.TakeComments());
  } catch (...) {
    sink.Report(DiagKind::kParserFailure, Span{file, 0, 0});
    return nullptr;
  }
}

std::string ParseTreeText(const Source& source, FileId file, DiagnosticSink& sink) {
  try {
    Run run(source, file, sink);
    if (!run.Prepare()) return std::string();
    P::FileContext* tree = run.ParseWithAntlr();
    if (tree == nullptr) return std::string();
    const std::vector<std::string>& rules = run.parser()->getRuleNames();
    std::string out = "(file";
    for (antlr4::tree::ParseTree* child : tree->children) {
      out += "\n  ";
      PrintTree(child, rules, source.text(), out);
    }
    out += ")\n";
    return out;
  } catch (...) {
    sink.Report(DiagKind::kParserFailure, Span{file, 0, 0});
    return std::string();
  }
}

}  // namespace paicha::compiler
