// Gives every module library at least one translation unit, so a module whose sources are
// still to come still links.
namespace pogen::detail {
void module_anchor() {}
}  // namespace pogen::detail
