// Names of ENUM_CUDA_MEM_KIND values, as Nsight prints them (`Src Kind` / `Dst Kind` columns).
export const MEM_KIND_LABELS = ['Pageable', 'Pinned', 'Device', 'Array', 'Managed', 'Device Static', 'Managed Static', 'Unknown'];

export function memKindLabel(k: number): string {
  return MEM_KIND_LABELS[k] ?? 'Unknown';
}
