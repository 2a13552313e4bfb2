// ProgramBuilder: the one way to assemble an rt::Program in memory, used by compiler/backend_vm
// (IR -> bytecode) and by tests that exercise the VM without the compiler.
//
// Usage:
//   ProgramBuilder b;
//   b.program().schema = schema;                     // tables are filled directly
//   int32_t seg = b.BeginSegment();
//   b.Emit(Opcode::kInputField, 0, 0, field);
//   b.Emit(Opcode::kPushConst, 0, 0, b.AddConstant(Constant::Dec(*Decimal::Parse("0.3"))));
//   b.Emit(Opcode::kGe);
//   b.EndSegment();                                   // appends kRet
//   ... items, lets refer to `seg` ...
//   std::string error = b.Finish(&program);           // verifies, compiles patterns, hashes
//
// Loops: BeginLoop emits kIterBegin (the list, and period/count for frequency, must already be on
// the stack); emit the body; EndLoop emits kIterNext and patches the exit. Forward jumps:
// EmitJump returns the pc to Patch once the target is known.
//
// Not thread-safe; one builder per program. The builder never fails; Finish reports problems.
#ifndef PAICHA_RT_PROGRAM_BUILDER_H_
#define PAICHA_RT_PROGRAM_BUILDER_H_

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "paicha/rt/program.h"

namespace paicha::rt {

class ProgramBuilder {
 public:
  ProgramBuilder() = default;

  // The program under construction: fill meta, schema, lets, sections, items, grades directly.
  Program& program() { return program_; }

  // Starts a segment at the current end of the code; returns its index. Segments may not nest.
  int32_t BeginSegment();
  // Appends kRet, closes the segment and returns its index.
  int32_t EndSegment();

  // Appends an instruction, returns its pc.
  uint32_t Emit(Opcode op, uint8_t a = 0, uint16_t b = 0, uint32_t c = 0);
  // Pushes an integer: kPushInt when it fits in int32, else an int constant.
  uint32_t EmitInt(int64_t v);
  // Emits a jump-type instruction (kJump, kJumpIfFalse, kJumpIfTrue) with an unset target.
  uint32_t EmitJump(Opcode op) { return Emit(op, 0, 0, 0); }
  // Sets operand c of the instruction at `pc` (a jump target, a loop exit).
  void Patch(uint32_t pc, uint32_t c) { program_.code[pc].c = c; }
  // Index of the next instruction.
  uint32_t pc() const { return static_cast<uint32_t>(program_.code.size()); }

  // kIterBegin for `kind` binding loop slot `slot` (= the loop nesting depth); returns its pc.
  uint32_t BeginLoop(MacroKind kind, uint8_t slot);
  // kIterNext closing the loop opened at `begin_pc`; patches that kIterBegin's exit.
  void EndLoop(uint32_t begin_pc);

  // Adds a constant, reusing an identical existing one; returns its index.
  uint32_t AddConstant(const Constant& c);
  // Adds a label table for kSituation; returns its index.
  uint32_t AddSituationLabels(std::vector<std::string> labels);
  // Adds (or finds) a source file name; returns its index.
  uint32_t AddFile(const std::string& name);
  // Attributes the instructions emitted from now on to file:line:col (a source-map entry is
  // written only when the position changes).
  void SetPosition(uint32_t file, uint32_t line, uint32_t column);

  // Verifies the program, compiles its patterns, sets its content hash and moves it to *out.
  // Returns "" on success, else the first problem (English, for the tool's own errors); *out is
  // then left untouched. The builder is empty afterwards.
  std::string Finish(Program* out);

 private:
  Program program_;
  int32_t open_segment_ = -1;
  std::map<std::string, uint32_t> constant_index_;  // serialised constant -> index
  std::map<std::string, uint32_t> file_index_;
  bool have_pos_ = false;
  uint32_t pos_file_ = 0, pos_line_ = 0, pos_col_ = 0;
  bool pos_dirty_ = false;
};

// A deterministic text listing of the program for goldens (tests/golden/bytecode), Lua
// `luac -l` style: the tables, then every segment with its users and its instructions, operands
// decoded (constants shown, jump targets as pcs, source positions as file:line:col).
std::string Disassemble(const Program& program);

}  // namespace paicha::rt

#endif  // PAICHA_RT_PROGRAM_BUILDER_H_
