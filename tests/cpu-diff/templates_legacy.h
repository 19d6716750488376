/* The "legacy" templates (included into templates.c's table): instructions
 * invalid or different in 64-bit mode (BCD, into, inc/dec 0x40-0x4F, push
 * and pop of 32- and 16-bit values, pusha/popa, enter/leave) and near
 * control flow, which only the native oracle runs. ESP is in the scratch
 * block then (STACK_AT) and compared. */
#define LEG1(nm, pre, o0, dg, b, im, fr, fd, fu) \
    { nm, pre, { o0 }, 1, dg, 0, b, im, fr, fd, fu, 0, C_LEGACY, 0, 0, 0, 0 }
#define LEGG(nm, pre, o0, fr, fd, fu) \
    { nm, pre, { o0 }, 1, -2, 0, 0, 0, fr, fd, fu, S_GROUP, C_LEGACY, 0, 0, 0, 0 }
#define BCD_D (FL_CF | FL_AF | FL_SF | FL_ZF | FL_PF)
#define AAM_D (FL_SF | FL_ZF | FL_PF)

    LEG1("daa", 0, 0x27, -2, 0, 0, FL_CF | FL_AF, BCD_D, FL_OF),
    LEG1("das", 0, 0x2F, -2, 0, 0, FL_CF | FL_AF, BCD_D, FL_OF),
    LEG1("aaa", 0, 0x37, -2, 0, 0, FL_AF, FL_AF | FL_CF, FL_OF | FL_SF | FL_ZF | FL_PF),
    LEG1("aas", 0, 0x3F, -2, 0, 0, FL_AF, FL_AF | FL_CF, FL_OF | FL_SF | FL_ZF | FL_PF),
    LEG1("aam imm8", 0, 0xD4, -2, 0, I_8, 0, AAM_D, FL_OF | FL_AF | FL_CF), /* imm 0: #DE */
    LEG1("aad imm8", 0, 0xD5, -2, 0, I_8, 0, AAM_D, FL_OF | FL_AF | FL_CF),
    LEG1("into", 0, 0xCE, -2, 0, 0, FL_OF, 0, 0),
    LEG1("inc r32 (40+r)", 0, 0x40, -3, K_R32, 0, 0, INCDEC_D, 0),
    LEG1("dec r32 (48+r)", 0, 0x48, -3, K_R32, 0, 0, INCDEC_D, 0),
    LEG1("dec r16 (48+r)", 0x66, 0x48, -3, K_R32, 0, 0, INCDEC_D, 0),
    LEG1("push r32", 0, 0x50, -3, K_R32, 0, 0, 0, 0),
    LEG1("push esp", 0, 0x54, -2, 0, 0, 0, 0, 0),
    LEG1("pop r32", 0, 0x58, -3, K_R32, 0, 0, 0, 0),
    LEG1("push r16", 0x66, 0x50, -3, K_R32, 0, 0, 0, 0),
    LEG1("pop r16", 0x66, 0x58, -3, K_R32, 0, 0, 0, 0),
    LEG1("push imm8", 0, 0x6A, -2, 0, I_8, 0, 0, 0),
    LEG1("push imm32", 0, 0x68, -2, 0, I_32, 0, 0, 0),
    LEG1("push imm16", 0x66, 0x68, -2, 0, I_16, 0, 0, 0),
    LEG1("push r/m32", 0, 0xFF, 6, K_RM32, 0, 0, 0, 0),
    LEG1("pop r/m32", 0, 0x8F, 0, K_RM32, 0, 0, 0, 0),
    LEG1("pushfd", 0, 0x9C, -2, 0, 0, FL_ARITH, 0, 0),
    LEG1("pushad", 0, 0x60, -2, 0, 0, 0, 0, 0),
    LEG1("popad", 0, 0x61, -2, 0, 0, 0, 0, 0),
    LEG1("pushaw", 0x66, 0x60, -2, 0, 0, 0, 0, 0),
    LEG1("popaw", 0x66, 0x61, -2, 0, 0, 0, 0, 0),
    LEGG("popfd", 0, 0x9D, 0, FL_ARITH | FL_DF, 0),
    LEGG("enter imm16,imm8", 0, 0xC8, 0, 0, 0),
    LEGG("leave", 0, 0xC9, 0, 0, 0),
    LEGG("call rel32/ret", 0, 0xC3, 0, 0, 0),
    LEGG("call rel32/ret imm16", 0, 0xC2, 0, 0, 0),
    LEGG("call rel32/pop r32", 0, 0xE8, 0, 0, 0),
    LEGG("jcc rel8", 0, 0x70, 0, 0, 0),
    LEGG("jcc rel32", 0, 0x0F, 0, 0, 0),
    LEGG("jmp rel8", 0, 0xEB, 0, 0, 0),
    LEGG("loopnz rel8", 0, 0xE0, FL_ZF, 0, 0),
    LEGG("loopz rel8", 0, 0xE1, FL_ZF, 0, 0),
    LEGG("loop rel8", 0, 0xE2, 0, 0, 0),
    LEGG("jecxz rel8", 0, 0xE3, 0, 0, 0),
    LEGG("loop rel8 (cx)", 0x67, 0xE2, 0, 0, 0),
    LEGG("jcxz rel8", 0x67, 0xE3, 0, 0, 0),
    LEGG("xlatb", 0, 0xD7, 0, 0, 0),
    LEGG("push cs", 0, 0x0E, 0, 0, 0), /* the slot zeroed first: see legacy_unit */
    LEGG("push ss", 0, 0x16, 0, 0, 0),
    LEGG("push ds", 0, 0x1E, 0, 0, 0),
    LEGG("push es", 0, 0x06, 0, 0, 0),
    LEGG("push ds/pop es", 0, 0x07, 0, 0, 0),
    LEGG("push cs/call/retf", 0, 0xCB, 0, 0, 0),
    LEGG("push cs/call/retf imm16", 0, 0xCA, 0, 0, 0),
    LEGG("pushfd/push cs/call/iretd", 0, 0xCF, FL_ARITH, 0, 0),
