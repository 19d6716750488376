/* setupapi: walking a cabinet with the caller's callback
 * (syscalls/setupapi/cabinet.c). */
API(SetupIterateCabinetA, "s CabinetFile, u Reserved, p MsgHandler, p Context", "b")
API(SetupIterateCabinetW, "w CabinetFile, u Reserved, p MsgHandler, p Context", "b")
