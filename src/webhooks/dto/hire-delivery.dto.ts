import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsNotEmpty, IsObject, IsOptional, IsString, MaxLength, ValidateIf, ValidateNested } from 'class-validator';
import { FlatchrId } from '../../flatchr/flatchr-id';
import { IsFlatchrId } from './is-flatchr-id.decorator';

// Field names follow Flatchr's documentation (snake_case). Only what a hire needs is required;
// everything else is checked for type when present and otherwise passed through untouched.

export class HireCandidateDto {
  @IsOptional()
  @IsFlatchrId()
  id?: FlatchrId;

  @IsString()
  @IsNotEmpty({ message: 'data.candidate.firstname is required for a hire' })
  @MaxLength(200)
  firstname: string;

  @IsString()
  @IsNotEmpty({ message: 'data.candidate.lastname is required for a hire' })
  @MaxLength(200)
  lastname: string;

  @IsOptional()
  @IsString()
  @MaxLength(320)
  email?: string | null;

  /** Any type: the mapper parses what it can and sends null otherwise. */
  phone?: unknown;
}

export class HireApplicantDto {
  @IsOptional()
  @IsFlatchrId()
  id?: FlatchrId;

  @IsOptional()
  @IsFlatchrId()
  candidate_id?: FlatchrId;

  @IsOptional()
  @IsFlatchrId()
  vacancy_id?: FlatchrId;

  @IsOptional()
  @IsString()
  updated_at?: string;
}

export class HireColumnDto {
  @IsOptional()
  @IsFlatchrId()
  id?: FlatchrId;

  @IsOptional()
  @IsString()
  title?: string;

  @IsOptional()
  @IsBoolean()
  hired?: boolean;
}

/** Vacancy fields vary between Flatchr versions; the mapper reads them defensively, so none blocks a hire. */
export class HireVacancyDto {
  @IsOptional()
  @IsFlatchrId()
  id?: FlatchrId;
}

export class HireDataDto {
  @ValidateIf((o: HireDataDto) => o.applicant?.id === undefined || o.applicant_id !== undefined)
  @IsDefined({ message: 'data.applicant_id (or data.applicant.id) is required for a hire' })
  @IsFlatchrId()
  applicant_id?: FlatchrId;

  @ValidateIf((o: HireDataDto) => o.candidate?.id === undefined || o.candidate_id !== undefined)
  @IsDefined({ message: 'data.candidate_id (or data.candidate.id) is required for a hire' })
  @IsFlatchrId()
  candidate_id?: FlatchrId;

  @IsOptional()
  @IsFlatchrId()
  vacancy_id?: FlatchrId;

  @IsDefined({ message: 'data.candidate is required for a hire' })
  @IsObject()
  @ValidateNested()
  @Type(() => HireCandidateDto)
  candidate: HireCandidateDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HireApplicantDto)
  applicant?: HireApplicantDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HireVacancyDto)
  vacancy?: HireVacancyDto;

  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => HireColumnDto)
  column?: HireColumnDto;
}

/** A `drag_applicant` into a hired column: everything the mapper needs must be here. */
export class HireDeliveryDto {
  @IsString()
  event: string;

  @IsDefined({ message: 'company_id is required for a hire' })
  @IsFlatchrId()
  company_id: FlatchrId;

  @IsDefined({ message: 'data is required' })
  @IsObject()
  @ValidateNested()
  @Type(() => HireDataDto)
  data: HireDataDto;
}
