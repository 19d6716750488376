// cxx_throw.cpp - proves C++ runtime support in guest code: global
// constructors/destructors, virtual dispatch, RTTI/dynamic_cast, and DWARF-2
// exception unwinding (throw/catch/rethrow, destructors run while unwinding).
// build-flags: -static-libgcc -static-libstdc++
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>
#include <typeinfo>

struct Tracer {
    const char *name;
    explicit Tracer(const char *n) : name(n) { std::printf("construct %s\n", name); }
    ~Tracer() { std::printf("destroy %s\n", name); }
};

static Tracer global_tracer("global");

struct Shape {
    virtual ~Shape() {}
    virtual int area() const = 0;
    virtual const char *kind() const { return "shape"; }
};
struct Rect : Shape {
    int w, h;
    Rect(int w_, int h_) : w(w_), h(h_) {}
    int area() const override { return w * h; }
    const char *kind() const override { return "rect"; }
};
struct Square : Rect {
    explicit Square(int s) : Rect(s, s) {}
    const char *kind() const override { return "square"; }
};

struct MyError : std::runtime_error {
    int code;
    MyError(const std::string &m, int c) : std::runtime_error(m), code(c) {}
};

static int depth3(int x)
{
    Tracer t("depth3-local");
    if (x > 2)
        throw MyError("value too large: " + std::to_string(x), x);
    return x;
}

static int depth2(int x)
{
    Tracer t("depth2-local");
    return depth3(x) + 1;
}

int main()
{
    std::vector<Shape *> shapes;
    shapes.push_back(new Rect(2, 3));
    shapes.push_back(new Square(4));
    for (Shape *s : shapes)
        std::printf("%s area %d, is square: %d\n", s->kind(), s->area(),
                    dynamic_cast<Square *>(s) != nullptr);
    for (Shape *s : shapes)
        delete s;

    try {
        std::printf("depth2(1) = %d\n", depth2(1));
        std::printf("depth2(5) = %d\n", depth2(5));
        std::printf("not reached\n");
    } catch (const MyError &e) {
        std::printf("caught MyError: %s (code %d)\n", e.what(), e.code);
    }

    try {
        try {
            throw 42;
        } catch (int v) {
            std::printf("caught int %d, rethrowing\n", v);
            throw;
        }
    } catch (...) {
        std::printf("caught rethrown exception in catch(...)\n");
    }

    try {
        std::vector<int> v(3);
        v.at(10) = 1;
    } catch (const std::out_of_range &) {
        std::printf("caught std::out_of_range from vector::at\n");
    }

    try {
        throw std::string("a std::string");
    } catch (const std::exception &) {
        std::printf("wrong handler\n");
    } catch (const std::string &s) {
        std::printf("caught %s by type\n", s.c_str());
    }

    std::printf("typeid: %d\n", typeid(Square) == typeid(Square));
    std::printf("main returns\n");
    return 0;
}
