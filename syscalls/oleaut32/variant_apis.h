/* oleaut32: VARIANT basics, guest code (guest/variant.c). */
GUEST_C(VariantInit, "p pvarg", "v")
GUEST_C(VariantClear, "p pvarg", "x")
GUEST_C(VariantCopy, "p pvargDest, p pvargSrc", "x")
GUEST_C(VariantChangeType, "p pvargDest, p pvarSrc, x wFlags, u vt", "x")
GUEST_C(VariantChangeTypeEx, "p pvargDest, p pvarSrc, x lcid, x wFlags, u vt", "x")
