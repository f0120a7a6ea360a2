;; A WASI command whose _start reaches an unreachable instruction.
(module
  (memory (export "memory") 1)
  (func $fail (unreachable))
  (func (export "_start") (call $fail)))
