/* setupapi: what kind of compressed file a source file is
 * (syscalls/setupapi/compression.c). */
API(SetupGetFileCompressionInfoExA, "s SourceFileName, p ActualSourceFileNameBuffer, u ActualSourceFileNameBufferLen, p RequiredBufferLen, p SourceFileSize, p TargetFileSize, p CompressionType", "b")
API(SetupGetFileCompressionInfoExW, "w SourceFileName, p ActualSourceFileNameBuffer, u ActualSourceFileNameBufferLen, p RequiredBufferLen, p SourceFileSize, p TargetFileSize, p CompressionType", "b")
