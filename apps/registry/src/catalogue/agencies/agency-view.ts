import { type AgencyEntity, type AgencyStatus } from '@app/persistence';

/** An agency as the API shows it. */
export interface AgencyView {
  id: string;
  name: string;
  contact: string | null;
  status: AgencyStatus;
  createdAt: string;
  updatedAt: string;
}

export function agencyView(agency: AgencyEntity): AgencyView {
  return {
    id: agency.id,
    name: agency.name,
    contact: agency.contact,
    status: agency.status,
    createdAt: agency.createdAt.toISOString(),
    updatedAt: agency.updatedAt.toISOString(),
  };
}
