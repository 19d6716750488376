API(setsockopt, "x s, i level, x optname, p optval in[optlen], i optlen", "i")
API(getsockopt, "x s, i level, x optname, p optval, p optlen inout u", "i")
