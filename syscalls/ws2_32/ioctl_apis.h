API(ioctlsocket, "x s, x cmd, p argp inout u", "i")
API(WSAIoctl, "x s, x dwIoControlCode, p lpvInBuffer in[cbInBuffer], u cbInBuffer, p lpvOutBuffer, u cbOutBuffer, p lpcbBytesReturned out u, p lpOverlapped, p lpCompletionRoutine", "i")
API(WSAAsyncSelect, "x s, h hWnd, u wMsg, x lEvent", "i")
