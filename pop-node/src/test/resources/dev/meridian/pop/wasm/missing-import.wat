;; Imports a host function that no host provides.
(module
  (import "env" "meridian_does_not_exist" (func $missing (param i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start") (drop (call $missing (i32.const 1)))))
