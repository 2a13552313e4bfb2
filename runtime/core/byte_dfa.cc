// See byte_dfa.h. Three steps: parse the supported subset of RE2's syntax into a small tree
// (Parser; anything else gives up), build a Thompson NFA over bytes from it (Nfa), and turn that
// into a DFA by the subset construction (BuildByteDfa), with the partial-match semantics of RE2:
// the search may start at any byte (every step adds the start state again, as RE2's unanchored
// `.*?` prefix over bytes does), the text matches as soon as a match state is reached, `^` holds
// only before the first byte and `$` only after the last (RE2's default one-line mode).
#include "paicha/rt/byte_dfa.h"

#include <algorithm>
#include <bitset>
#include <map>
#include <utility>

namespace paicha::rt {
namespace {

constexpr size_t kMaxNodes = 4096;
constexpr size_t kMaxStates = 1024;
constexpr size_t kMaxTable = size_t{1} << 16;  // states × (classes + 1): uint16_t row offsets
// NFA nodes visited by all closures: bounds the time a hostile image's pattern can take to load
// (a few milliseconds); past it the pattern keeps RE2.
constexpr size_t kMaxWork = size_t{1} << 20;
constexpr int kMaxRepeat = 1000;  // RE2's own limit
constexpr int kMaxDepth = 100;

using ByteSet = std::bitset<256>;

struct Re {
  enum class K : uint8_t { kBytes, kSeq, kAlt, kRepeat, kBol, kEol };
  K k = K::kSeq;
  ByteSet set;            // kBytes
  std::vector<Re> subs;   // kSeq, kAlt; kRepeat: one
  int min = 0, max = -1;  // kRepeat; max -1: unbounded
};

Re Bytes(ByteSet s) {
  Re r;
  r.k = Re::K::kBytes;
  r.set = s;
  return r;
}

ByteSet Range(int lo, int hi) {
  ByteSet s;
  for (int b = lo; b <= hi; ++b) s.set(static_cast<size_t>(b));
  return s;
}

// The supported subset of RE2's syntax (Perl flavour, default flags). Every method returns false
// (or nullopt) for anything outside it; the caller then keeps RE2.
class Parser {
 public:
  explicit Parser(std::string_view p) : p_(p) {}

  std::optional<Re> Parse() {
    std::optional<Re> r = Alt(0);
    if (!r || i_ != p_.size()) return std::nullopt;
    return r;
  }

 private:
  bool More() const { return i_ < p_.size(); }
  char Peek() const { return p_[i_]; }

  std::optional<Re> Alt(int depth) {
    if (depth > kMaxDepth) return std::nullopt;
    Re alt;
    alt.k = Re::K::kAlt;
    for (;;) {
      std::optional<Re> c = Concat(depth);
      if (!c) return std::nullopt;
      alt.subs.push_back(std::move(*c));
      if (!More() || Peek() != '|') break;
      ++i_;
    }
    if (alt.subs.size() == 1) return std::move(alt.subs[0]);
    return alt;
  }

  std::optional<Re> Concat(int depth) {
    Re seq;
    while (More() && Peek() != '|' && Peek() != ')') {
      std::optional<Re> a = Atom(depth);
      if (!a) return std::nullopt;
      while (More()) {
        int lo = 0, hi = -1;
        const char c = Peek();
        if (c == '*') {
          ++i_;
        } else if (c == '+') {
          lo = 1;
          ++i_;
        } else if (c == '?') {
          hi = 1;
          ++i_;
        } else if (c == '{') {
          if (!Braces(&lo, &hi)) return std::nullopt;
        } else {
          break;
        }
        if (More() && Peek() == '?') ++i_;  // non-greedy: the same set of matching texts
        Re r;
        r.k = Re::K::kRepeat;
        r.min = lo;
        r.max = hi;
        r.subs.push_back(std::move(*a));
        a = std::move(r);
      }
      seq.subs.push_back(std::move(*a));
    }
    return seq;
  }

  // {n}, {n,} or {n,m} at i_.
  bool Braces(int* lo, int* hi) {
    ++i_;
    if (!Number(lo)) return false;
    *hi = *lo;
    if (More() && Peek() == ',') {
      ++i_;
      *hi = -1;
      if (More() && Peek() != '}' && !Number(hi)) return false;
    }
    if (!More() || Peek() != '}') return false;
    ++i_;
    return *hi == -1 || *hi >= *lo;
  }

  bool Number(int* n) {
    *n = 0;
    const size_t begin = i_;
    while (More() && Peek() >= '0' && Peek() <= '9') {
      *n = *n * 10 + (Peek() - '0');
      if (*n > kMaxRepeat) return false;
      ++i_;
    }
    return i_ > begin;
  }

  std::optional<Re> Atom(int depth) {
    const auto c = static_cast<unsigned char>(Peek());
    switch (c) {
      case '(': {
        ++i_;
        if (More() && Peek() == '?') {
          if (p_.substr(i_, 2) == "?:") {
            i_ += 2;
          } else if (p_.substr(i_, 3) == "?P<") {
            const size_t close = p_.find('>', i_);
            if (close == std::string_view::npos) return std::nullopt;
            i_ = close + 1;
          } else {
            return std::nullopt;  // flags
          }
        }
        std::optional<Re> r = Alt(depth + 1);
        if (!r || !More() || Peek() != ')') return std::nullopt;
        ++i_;
        return r;
      }
      case '[':
        return Class();
      case '\\': {
        ++i_;
        if (!More()) return std::nullopt;
        ByteSet s;
        if (!Escape(&s)) return std::nullopt;
        return Bytes(s);
      }
      case '^':
      case '$': {
        ++i_;
        Re r;
        r.k = c == '^' ? Re::K::kBol : Re::K::kEol;
        return r;
      }
      case '.':  // any UTF-8 character but \n: not translated
      case '*':
      case '+':
      case '?':
      case '{':
      case '}':
      case ']':
        return std::nullopt;
      default:
        return Literal();
    }
  }

  // One UTF-8 character at i_ as its byte sequence.
  std::optional<Re> Literal() {
    const auto lead = static_cast<unsigned char>(Peek());
    const size_t len = lead < 0x80           ? 1
                       : (lead >> 5) == 0x6  ? 2
                       : (lead >> 4) == 0xE  ? 3
                       : (lead >> 3) == 0x1E ? 4
                                             : 0;
    if (len == 0 || i_ + len > p_.size()) return std::nullopt;
    Re seq;
    for (size_t k = 0; k < len; ++k) {
      const auto b = static_cast<unsigned char>(p_[i_ + k]);
      if (k > 0 && (b >> 6) != 0x2) return std::nullopt;
      seq.subs.push_back(Bytes(Range(b, b)));
    }
    i_ += len;
    if (len == 1) return std::move(seq.subs[0]);
    return seq;
  }

  // The escape after a backslash (i_ at the letter); adds its bytes to *s.
  bool Escape(ByteSet* s) {
    const auto c = static_cast<unsigned char>(Peek());
    ++i_;
    switch (c) {
      case 'd':
        *s |= Range('0', '9');
        return true;
      case 's':  // RE2: [\t\n\f\r ]
        for (const unsigned char b : {'\t', '\n', '\f', '\r', ' '}) s->set(b);
        return true;
      case 'w':
        *s |= Range('0', '9') | Range('A', 'Z') | Range('a', 'z');
        s->set('_');
        return true;
      case 'a':
        s->set(0x07);
        return true;
      case 'f':
        s->set('\f');
        return true;
      case 't':
        s->set('\t');
        return true;
      case 'n':
        s->set('\n');
        return true;
      case 'r':
        s->set('\r');
        return true;
      case 'v':
        s->set('\v');
        return true;
      default:
        break;
    }
    const bool punct =
        c < 0x80 && c > 0x20 &&
        !((c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == 0x7f);
    if (!punct) return false;  // \b \p \x \Q \1 …: not translated
    s->set(c);
    return true;
  }

  // A single byte of a class at i_ (for ranges); false for anything else.
  bool ClassByte(int* b, bool* is_set, ByteSet* s) {
    *is_set = false;
    if (!More()) return false;
    const auto c = static_cast<unsigned char>(Peek());
    if (c >= 0x80) return false;  // non-ASCII members: not translated
    if (c == '[') return false;   // [:alpha:] and friends
    if (c != '\\') {
      ++i_;
      *b = c;
      return true;
    }
    ++i_;
    if (!More()) return false;
    const char e = Peek();
    ByteSet one;
    if (!Escape(&one)) return false;
    if (e == 'd' || e == 's' || e == 'w') {
      *is_set = true;
      *s |= one;
      return true;
    }
    for (int k = 0; k < 256; ++k) {
      if (one.test(static_cast<size_t>(k))) *b = k;
    }
    return true;
  }

  std::optional<Re> Class() {
    ++i_;  // [
    if (!More() || Peek() == '^' || Peek() == ']') return std::nullopt;
    ByteSet s;
    while (More() && Peek() != ']') {
      int lo = 0;
      bool is_set = false;
      if (!ClassByte(&lo, &is_set, &s)) return std::nullopt;
      if (is_set) continue;
      if (i_ + 1 < p_.size() && Peek() == '-' && p_[i_ + 1] != ']') {
        ++i_;
        int hi = 0;
        if (!ClassByte(&hi, &is_set, &s) || is_set || hi < lo) return std::nullopt;
        s |= Range(lo, hi);
      } else {
        s.set(static_cast<size_t>(lo));
      }
    }
    if (!More()) return std::nullopt;
    ++i_;  // ]
    return Bytes(s);
  }

  std::string_view p_;
  size_t i_ = 0;
};

// Thompson's NFA: a node consumes a byte of its set (kBytes), or moves without input (kSplit to
// both outs, kEmpty, and the assertions kBol / kEol where they hold), or accepts (kMatch).
struct Nfa {
  enum class K : uint8_t { kBytes, kSplit, kEmpty, kBol, kEol, kMatch };
  struct Node {
    K k;
    int set = -1;  // kBytes: index in sets
    int out = -1, out1 = -1;
  };
  struct Frag {
    int start, exit;  // exit: a kEmpty node whose out is still open
  };
  std::vector<Node> nodes;
  std::vector<ByteSet> sets;
  bool overflow = false;
  mutable size_t work = 0;  // nodes visited by Closure, for kMaxWork

  int New(K k, int out = -1, int out1 = -1) {
    if (nodes.size() >= kMaxNodes) overflow = true;
    nodes.push_back(Node{k, -1, out, out1});
    return static_cast<int>(nodes.size()) - 1;
  }

  Frag Build(const Re& r) {
    if (overflow) return Frag{New(K::kEmpty), 0};
    switch (r.k) {
      case Re::K::kBytes: {
        const int e = New(K::kEmpty);
        const int b = New(K::kBytes, e);
        nodes[static_cast<size_t>(b)].set = static_cast<int>(sets.size());
        sets.push_back(r.set);
        return Frag{b, e};
      }
      case Re::K::kBol:
      case Re::K::kEol: {
        const int e = New(K::kEmpty);
        return Frag{New(r.k == Re::K::kBol ? K::kBol : K::kEol, e), e};
      }
      case Re::K::kSeq: {
        const int e = New(K::kEmpty);
        Frag f{e, e};
        for (const Re& s : r.subs) f = Then(f, Build(s));
        return f;
      }
      case Re::K::kAlt: {
        const int e = New(K::kEmpty);
        int start = -1;
        for (size_t i = r.subs.size(); i-- > 0;) {
          const Frag f = Build(r.subs[i]);
          if (overflow) break;
          nodes[static_cast<size_t>(f.exit)].out = e;
          start = start < 0 ? f.start : New(K::kSplit, f.start, start);
        }
        return Frag{start < 0 ? e : start, e};
      }
      case Re::K::kRepeat: {
        const int e = New(K::kEmpty);
        Frag f{e, e};
        for (int i = 0; i < r.min && !overflow; ++i) f = Then(f, Build(r.subs[0]));
        if (r.max < 0) {  // star
          const Frag x = Build(r.subs[0]);
          const int exit = New(K::kEmpty);
          const int s = New(K::kSplit, x.start, exit);
          nodes[static_cast<size_t>(x.exit)].out = s;
          f = Then(f, Frag{s, exit});
        } else {
          for (int i = r.min; i < r.max && !overflow; ++i) {  // optional copies
            const Frag x = Build(r.subs[0]);
            const int exit = New(K::kEmpty);
            nodes[static_cast<size_t>(x.exit)].out = exit;
            f = Then(f, Frag{New(K::kSplit, x.start, exit), exit});
          }
        }
        return f;
      }
    }
    return Frag{New(K::kEmpty), 0};
  }

  Frag Then(Frag a, Frag b) {
    if (overflow) return a;
    nodes[static_cast<size_t>(a.exit)].out = b.start;
    return Frag{a.start, b.exit};
  }

  // The nodes reachable from `seeds` without input, where ^ holds iff `bol` and $ iff `eol`;
  // keeps those that matter for a DFA state (kBytes, kMatch, and kEol nodes not passed), sorted.
  std::vector<int> Closure(const std::vector<int>& seeds, bool bol, bool eol) const {
    std::vector<bool> seen(nodes.size(), false);
    std::vector<int> stack(seeds.begin(), seeds.end()), kept;
    while (!stack.empty()) {
      const int n = stack.back();
      stack.pop_back();
      if (n < 0 || seen[static_cast<size_t>(n)]) continue;
      seen[static_cast<size_t>(n)] = true;
      ++work;
      const Node& node = nodes[static_cast<size_t>(n)];
      switch (node.k) {
        case K::kBytes:
        case K::kMatch:
          kept.push_back(n);
          break;
        case K::kSplit:
          stack.push_back(node.out1);
          stack.push_back(node.out);
          break;
        case K::kEmpty:
          stack.push_back(node.out);
          break;
        case K::kBol:
          if (bol) stack.push_back(node.out);
          break;
        case K::kEol:
          if (eol) {
            stack.push_back(node.out);
          } else {
            kept.push_back(n);
          }
          break;
      }
    }
    std::sort(kept.begin(), kept.end());
    return kept;
  }

  bool HasMatch(const std::vector<int>& set) const {
    return std::any_of(set.begin(), set.end(),
                       [this](int n) { return nodes[static_cast<size_t>(n)].k == K::kMatch; });
  }
};

}  // namespace

std::optional<ByteDfa> BuildByteDfa(std::string_view pattern) {
  std::optional<Re> re = Parser(pattern).Parse();
  if (!re) return std::nullopt;
  Nfa nfa;
  const Nfa::Frag f = nfa.Build(*re);
  const int match = nfa.New(Nfa::K::kMatch);
  if (nfa.overflow) return std::nullopt;
  nfa.nodes[static_cast<size_t>(f.exit)].out = match;
  const int start = f.start;

  // Byte classes: bytes that every set treats alike.
  ByteDfa dfa;
  uint32_t classes = 0;
  {
    std::map<std::vector<bool>, uint8_t> ids;
    for (int b = 0; b < 256; ++b) {
      std::vector<bool> sig(nfa.sets.size());
      for (size_t s = 0; s < nfa.sets.size(); ++s)
        sig[s] = nfa.sets[s].test(static_cast<size_t>(b));
      auto it = ids.emplace(std::move(sig), static_cast<uint8_t>(ids.size())).first;
      dfa.byte_class[static_cast<size_t>(b)] = it->second;
    }
    classes = static_cast<uint32_t>(ids.size());
  }
  std::vector<int> reps(classes, -1);  // a byte of each class
  for (int b = 0; b < 256; ++b) {
    int& r = reps[dfa.byte_class[static_cast<size_t>(b)]];
    if (r < 0) r = b;
  }

  // Subsets. The state before the first byte is kept apart (only there does ^ hold).
  using Key = std::pair<bool, std::vector<int>>;
  std::map<Key, uint32_t> ids;
  std::vector<Key> states;
  auto intern = [&](Key k) -> std::optional<uint32_t> {
    auto it = ids.find(k);
    if (it != ids.end()) return it->second;
    if (states.size() >= kMaxStates || (states.size() + 1) * (classes + 1) > kMaxTable) {
      return std::nullopt;
    }
    const auto id = static_cast<uint32_t>(states.size());
    ids.emplace(k, id);
    states.push_back(std::move(k));
    return id;
  };
  std::vector<uint16_t> next;  // states × classes: state ids
  std::vector<uint16_t> flags;
  const uint32_t first = *intern(Key{true, nfa.Closure({start}, /*bol=*/true, /*eol=*/false)});
  for (size_t s = 0; s < states.size(); ++s) {
    const bool initial = states[s].first;
    const std::vector<int> set = states[s].second;  // a copy: `states` grows below
    uint16_t state_flags = 0;
    if (nfa.HasMatch(set)) {
      state_flags = kDfaAcceptNow | kDfaAcceptAtEnd;
    } else if (nfa.HasMatch(nfa.Closure(set, initial, /*eol=*/true))) {
      state_flags = kDfaAcceptAtEnd;
    } else if (set.empty()) {
      state_flags = kDfaDead;
    }
    flags.push_back(state_flags);
    const auto self = static_cast<uint16_t>(s);
    if (state_flags & (kDfaAcceptNow | kDfaDead)) {  // absorbing: the matcher may stop here
      next.insert(next.end(), classes, self);
      continue;
    }
    for (uint32_t c = 0; c < classes; ++c) {
      std::vector<int> seeds{start};  // the search may start at the next byte
      for (int n : set) {
        const Nfa::Node& node = nfa.nodes[static_cast<size_t>(n)];
        if (node.k == Nfa::K::kBytes &&
            nfa.sets[static_cast<size_t>(node.set)].test(static_cast<size_t>(reps[c]))) {
          seeds.push_back(node.out);
        }
      }
      const std::optional<uint32_t> to =
          intern(Key{false, nfa.Closure(seeds, /*bol=*/false, /*eol=*/false)});
      if (!to || nfa.work > kMaxWork) return std::nullopt;
      next.push_back(static_cast<uint16_t>(*to));
    }
  }
  // Rows of row offsets, the flags last (DfaView).
  dfa.width = classes + 1;
  dfa.start = first * dfa.width;
  for (size_t s = 0; s < flags.size(); ++s) {
    for (uint32_t c = 0; c < classes; ++c) {
      dfa.table.push_back(static_cast<uint16_t>(next[s * classes + c] * dfa.width));
    }
    dfa.table.push_back(flags[s]);
  }
  return dfa;
}

}  // namespace paicha::rt
