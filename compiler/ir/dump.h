// Canonical text dump of an IR Program (Soufflé --show style), used by tests/golden/ir and by
// `paicha dump --ir`. Deterministic: nodes in id order, declarations in program order, decimals
// as written (exact), no addresses or hash-order iteration. Only nodes reachable from a
// declaration are printed, with their arena ids, so the dump shows sharing (one %N used by
// several items).
//
// Format (one construct per line):
//   rulebook "标题" version "2023" ...
//   enum 设施状态 { 正常, 失效, 未设置 "未设置（缺失）" }
//   record 除尘系统记录 { 名称: text, 类型: enum 设施状态, 风量: decimal(m³) }
//   input 输入
//   %3 = field %0 存在粉尘爆炸危险 #0 : bool
//   let 粉尘涉爆 = %5 : bool
//   section #0 第十一条 "粉尘涉爆" applies %5
//   item GM2023_11_6 "…" major section #0 applies %5 when %12 @ file.rules:14:5
//   grade "一级" when %30
#ifndef PAICHA_COMPILER_IR_DUMP_H_
#define PAICHA_COMPILER_IR_DUMP_H_

#include <string>

#include "ir/ir.h"

namespace paicha::compiler::ir {

// The dump of `program`. Never fails.
std::string Dump(const Program& program);
// The text of a type ("quantity(kPa)", "enum 设施状态") against `program`'s schema.
std::string TypeName(const Program& program, const Type& type);

}  // namespace paicha::compiler::ir

#endif  // PAICHA_COMPILER_IR_DUMP_H_
