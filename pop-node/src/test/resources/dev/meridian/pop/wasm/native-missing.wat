;; A native guest importing a meridian_http function that the interface does not have.
(module
  (import "meridian_http" "response_flush" (func $flush (result i32)))
  (memory (export "memory") 1)
  (func (export "handle") (drop (call $flush))))
